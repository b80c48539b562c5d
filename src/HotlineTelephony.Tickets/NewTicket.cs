namespace HotlineTelephony.Tickets;

/// <summary>What an agent enters for a new ticket, plus what the call it came from tells (filled by the API).</summary>
public sealed record NewTicket
{
    public required string Category { get; init; }

    public required string Content { get; init; }

    public string? Location { get; init; }

    public string? CallerNumber { get; init; }

    public string? CallId { get; init; }

    public string? CallRecordId { get; init; }

    public string? RecordingPath { get; init; }

    public string? AgentId { get; init; }
}
