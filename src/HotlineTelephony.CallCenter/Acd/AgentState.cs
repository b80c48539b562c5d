namespace HotlineTelephony.CallCenter.Acd;

public enum AgentState
{
    LoggedOut,
    Ready,
    NotReady,

    /// <summary>Reserved for one call; its phone is (about to be) ringing.</summary>
    Offered,
    Talking,
    WrapUp,
}
