using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Tickets.Calls;

namespace HotlineTelephony.Server.Tickets;

/// <summary>
/// Tells the tickets API about the call a ticket is created from: a live call from the registry (the agent files the
/// ticket while talking), else an ended call from its call record.
/// </summary>
internal sealed class CallCenterCallLinkResolver(HotlineCallRegistry calls, ICallRecordStore records) : ICallLinkResolver
{
    public async ValueTask<CallLink?> FindAsync(string callId, CancellationToken cancellationToken)
    {
        if (calls.Find(callId) is { } live)
        {
            // The call record (and so its id and recording) is written when the call ends; it is keyed by the call id.
            return new CallLink(live.CallId, live.CallerNumber, live.AnsweringAgentId ?? live.ConnectedAgentId, live.CallId, null);
        }

        return await records.GetAsync(callId, cancellationToken).ConfigureAwait(false) is { } record
            ? new CallLink(record.CallId, record.CallerNumber, record.AgentId, record.CallId, record.RecordingPath)
            : null;
    }

    // Not yet: the call record's TicketId is left empty (a live call has no record to write it to before it ends).
    // The ticket keeps the call id, so the link can be read from the ticket side.
    public ValueTask LinkTicketAsync(string callId, string ticketNumber, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
