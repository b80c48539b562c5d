namespace HotlineTelephony.Tickets.Model;

/// <summary>
/// A 12345 work order (工单) created from a call. Only intake is modelled now; the later life cycle (dispatch to units,
/// deadlines, warning cards, surveys) hangs further entities off <see cref="Id"/> and moves <see cref="Status"/> on.
/// </summary>
public sealed class Ticket
{
    /// <summary>Surrogate key, for the related entities of the later life cycle to point at.</summary>
    public long Id { get; set; }

    /// <summary>12345-YYYYMMDD-NNNNNN, the day in the centre's time zone (<see cref="TicketNumber"/>).</summary>
    public required string Number { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? CallerNumber { get; set; }

    /// <summary>One of <see cref="TicketCategories.All"/>.</summary>
    public required string Category { get; set; }

    public required string Content { get; set; }

    public string? Location { get; set; }

    /// <summary>The call the ticket was created from (live or ended), if any.</summary>
    public string? CallId { get; set; }

    /// <summary>The call record (通话记录) of that call: its key is the call id, written when the call ends.</summary>
    public string? CallRecordId { get; set; }

    /// <summary>The call's recording file (R-TEL-50: confidential; clients get a URL that the authorised API serves).</summary>
    public string? RecordingPath { get; set; }

    /// <summary>The agent who took the call or created the ticket.</summary>
    public string? AgentId { get; set; }

    /// <summary>One of <see cref="TicketStatuses"/>; intake leaves every ticket open.</summary>
    public string Status { get; set; } = TicketStatuses.Open;
}
