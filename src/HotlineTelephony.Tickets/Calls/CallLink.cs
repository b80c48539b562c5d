namespace HotlineTelephony.Tickets.Calls;

/// <summary>What a call tells a ticket created from it: who called, who answered, its record and recording.</summary>
public sealed record CallLink(string CallId, string? CallerNumber, string? AgentId, string? CallRecordId, string? RecordingPath);
