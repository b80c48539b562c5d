namespace HotlineTelephony.Tickets;

/// <summary>A change to a ticket: null leaves a field as it is.</summary>
public sealed record TicketChanges
{
    public string? Category { get; init; }

    public string? Content { get; init; }

    public string? Location { get; init; }

    public string? Status { get; init; }
}
