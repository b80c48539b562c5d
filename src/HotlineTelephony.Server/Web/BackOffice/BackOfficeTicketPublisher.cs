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
        var t = ticketEvent.Ticket;
        var ticket = new BackOfficeTicket(
            ticketEvent.EventId, t.Number, t.CreatedAt, t.CallerNumber, t.Category, t.Content, t.Location,
            t.CallId, t.CallRecordId, t.RecordingUrl, t.AgentId, t.Status);
        return notifier.PublishAsync(ticket, ticketEvent.EventId, ticketEvent.Kind, cancellationToken);
    }
}
