using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>What an agent tells each of its queues after every state change (one-way, in order).</summary>
public sealed record AgentStatus(
    AgentDefinition Agent,
    AgentState State,
    DateTimeOffset ReadySince,
    int AnsweredCalls);
