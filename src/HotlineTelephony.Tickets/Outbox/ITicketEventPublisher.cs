namespace HotlineTelephony.Tickets.Outbox;

/// <summary>
/// Where the outbox dispatcher sends ticket events (the back-office hub implements it). Called one event at a time in
/// EventId order; throwing means "not sent": the dispatcher retries the same event with back-off and sends nothing
/// after it meanwhile. An event may arrive twice (a crash between sending and marking it sent): drop by EventId.
/// </summary>
public interface ITicketEventPublisher
{
    ValueTask PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken);
}
