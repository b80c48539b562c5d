using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Tickets.Calls;

namespace HotlineTelephony.Server.Tickets;

/// <summary>
/// Tickets meet calls here: a ticket created with a call id takes the caller number, the answering agent and the
/// recording from the live (or just ended) call, else from its call record; the call record's key is the call id.
/// The ticket number goes back onto the call, so its record (written at the end) names the ticket.
/// </summary>
internal sealed partial class CallCenterCallLinks(HotlineCallRegistry calls, ICallRecordStore records, CallRecordWriter writer, ILogger<CallCenterCallLinks> logger) : ICallLinkResolver
{
    public async ValueTask<CallLink?> FindAsync(string callId, CancellationToken cancellationToken)
    {
        if (calls.Find(callId) is { } call)
        {
            return new CallLink(call.CallId, call.CallerNumber, call.AnsweringAgentId ?? call.ConnectedAgentId, call.CallId, call.Media.RecordingPath);
        }

        if (calls.FindEnded(callId) is { } ended)
        {
            return new CallLink(ended.CallId, ended.CallerNumber, ended.AgentId, ended.CallId, ended.RecordingPath);
        }

        return await records.GetAsync(callId, cancellationToken).ConfigureAwait(false) is { } record
            ? new CallLink(record.CallId, record.CallerNumber, record.AgentId, record.CallId, record.RecordingPath)
            : null;
    }

    public async ValueTask LinkTicketAsync(string callId, string ticketNumber, CancellationToken cancellationToken)
    {
        try
        {
            // The first ticket of a call is the one its record names; later ones point at the call themselves.
            if (calls.FindBeforeRecord(callId) is { } call)
            {
                call.TicketId ??= ticketNumber;
            }

            // A record queued a moment ago may not be in the store yet.
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (await records.GetAsync(callId, cancellationToken).ConfigureAwait(false) is { TicketId: null } record)
            {
                record.TicketId = ticketNumber;
                await records.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ticket is written and names the call; only the record's back-reference is missing.
            LogLinkFailed(logger, e, callId, ticketNumber);
        }
    }

    [LoggerMessage(EventId = 8300, Level = LogLevel.Warning, Message = "Call {CallId}: could not note ticket {TicketNumber} on the call record")]
    private static partial void LogLinkFailed(ILogger logger, Exception exception, string callId, string ticketNumber);
}
