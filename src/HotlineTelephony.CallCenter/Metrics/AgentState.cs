namespace HotlineTelephony.CallCenter.Metrics;

/// <summary>An agent's state as the metrics fold sees it: the state given by the agent's last state-changing event.</summary>
public enum AgentState
{
    LoggedOut = 0,
    Ready = 1,
    NotReady = 2,
    Offered = 3,
    Talking = 4,
    WrapUp = 5,
}
