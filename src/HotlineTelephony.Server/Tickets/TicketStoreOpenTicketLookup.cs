using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.Tickets;

namespace HotlineTelephony.Server.Tickets;

/// <summary>
/// The call centre's open-ticket question answered from the tickets database, so a caller chasing an open matter gets
/// the dialplan's <c>open_ticket</c> priority. Arrival bounds the wait (policy <c>open_ticket_lookup_timeout_ms</c>);
/// a database error is logged and answered "no" so a ticket outage never keeps a caller out of the queue.
/// </summary>
internal sealed partial class TicketStoreOpenTicketLookup(TicketStore tickets, ILogger<TicketStoreOpenTicketLookup> logger) : IOpenTicketLookup
{
    public async ValueTask<bool> HasOpenTicketAsync(string callerNumber, CancellationToken cancellationToken = default)
    {
        try
        {
            return await tickets.HasOpenTicketAsync(callerNumber, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLookupFailed(logger, e, callerNumber);
            return false;
        }
    }

    [LoggerMessage(EventId = 8301, Level = LogLevel.Warning, Message = "Open-ticket lookup for {CallerNumber} failed; queued without the open-ticket priority")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string callerNumber);
}
