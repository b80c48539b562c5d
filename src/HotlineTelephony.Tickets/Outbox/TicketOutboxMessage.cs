namespace HotlineTelephony.Tickets.Outbox;

/// <summary>
/// One row of the transactional outbox: written in the same transaction as the ticket change it reports, sent by
/// <see cref="TicketOutboxDispatcher"/> and then marked with <see cref="DispatchedAt"/>. Rows are kept (an audit of
/// what the back office was told); the life-cycle issue can add pruning.
/// </summary>
public sealed class TicketOutboxMessage
{
    /// <summary>From the "outbox" counter inside the writing transaction: gap-free and in commit order. The event id.</summary>
    public long Sequence { get; set; }

    public required string TicketNumber { get; set; }

    /// <summary><see cref="TicketEventKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The ticket right after the change, as <see cref="TicketDto"/> JSON.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the publisher took it; null while it waits.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>Failed publish attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The last publish error, for an operator looking at a stuck outbox.</summary>
    public string? LastError { get; set; }
}
