namespace HotlineTelephony.CallCenter.Acd;

/// <summary>An agent's state as its grain holds it.</summary>
public sealed record AgentSnapshot(
    string AgentId,
    AgentState State,
    string? CallId,
    string? QueueId,
    string? NotReadyReason,
    DateTimeOffset StateSince,
    DateTimeOffset? WrapUpUntil,
    int ConsecutiveMisses,
    int AnsweredCalls);
