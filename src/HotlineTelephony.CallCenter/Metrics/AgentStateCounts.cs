using HotlineTelephony.CallCenter.Acd;
namespace HotlineTelephony.CallCenter.Metrics;

/// <summary>Logged-in agents by state (logged-out agents are not counted anywhere).</summary>
public readonly record struct AgentStateCounts(int Ready, int NotReady, int Offered, int Talking, int WrapUp)
{
    public int LoggedIn => Ready + NotReady + Offered + Talking + WrapUp;

    public int Get(AgentState state) => state switch
    {
        AgentState.Ready => Ready,
        AgentState.NotReady => NotReady,
        AgentState.Offered => Offered,
        AgentState.Talking => Talking,
        AgentState.WrapUp => WrapUp,
        _ => 0,
    };
}
