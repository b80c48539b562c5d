using HotlineTelephony.Tickets.Outbox;

namespace HotlineTelephony.Server.Web.BackOffice;

/// <summary>
/// The tickets outbox's publisher: each dispatched event goes to /hubs/backoffice. A failed send throws back to the
/// dispatcher, which keeps the event and retries (clients drop the duplicate by event id).
/// </summary>
internal sealed class BackOfficeTicketPublisher(BackOfficeNotifier notifier) : ITicketEventPublisher
{
    public ValueTask PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticketEvent);
        return notifier.PublishAsync(ticketEvent.Ticket, ticketEvent.EventId, ticketEvent.Kind, cancellationToken);
    }
}
