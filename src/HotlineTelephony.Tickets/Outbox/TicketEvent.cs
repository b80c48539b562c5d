namespace HotlineTelephony.Tickets.Outbox;

/// <summary>
/// One ticket change for the back office. <see cref="EventId"/> is the outbox sequence number: unique, increasing in
/// commit order, and the same when an event is sent again after a crash, so a client drops what it has seen.
/// </summary>
/// <param name="Kind"><see cref="TicketEventKinds.Created"/> or <see cref="TicketEventKinds.Updated"/>.</param>
/// <param name="Ticket">The ticket as it was right after the change (its EventId equals <paramref name="EventId"/>).</param>
public sealed record TicketEvent(long EventId, string Kind, TicketDto Ticket);
