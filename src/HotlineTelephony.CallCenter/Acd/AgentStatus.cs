using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// What an agent tells each of its queues after every state change (one-way, in order). <see cref="Arbitrating"/> is
/// true while an agent of several queues is Ready but is choosing between them (round <see cref="Round"/>): a queue
/// then answers with its best waiting caller (<see cref="IAgentGrain.BidAsync"/>) instead of reserving the agent.
/// </summary>
public sealed record AgentStatus(
    AgentDefinition Agent,
    AgentState State,
    DateTimeOffset ReadySince,
    int AnsweredCalls,
    int Round = 0,
    bool Arbitrating = false);
