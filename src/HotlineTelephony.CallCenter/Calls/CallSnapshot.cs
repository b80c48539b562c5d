namespace HotlineTelephony.CallCenter.Calls;

public sealed record CallSnapshot(string CallId, CallState State, string? QueueId, string? AgentId, bool IsCallback, string? Disposition);
