namespace HotlineTelephony.CallCenter.Calls;

public enum CallState
{
    New,
    Waiting,

    /// <summary>An agent is reserved and being rung for this call.</summary>
    Ringing,
    Talking,
    Ended,

    /// <summary>A callback task between attempts: out of the queue until its retry interval has passed.</summary>
    Scheduled,
}
