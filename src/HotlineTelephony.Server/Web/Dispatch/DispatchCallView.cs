using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.CallCenter;

namespace HotlineTelephony.Server.Web.Dispatch;

/// <summary>
/// What a dispatcher reads of a call transferred to an emergency line: the caller's data (R-TEL-15) and the transfers,
/// and nothing else of the record (no recording, no legs' quality, no other parties).
/// </summary>
internal sealed record DispatchCallView(
    string CallId,
    string? Caller,
    string? AgentId,
    string? QueueId,
    string? TicketNumber,
    string? IncidentReference,
    DateTimeOffset ArrivedAt,
    DateTimeOffset? AnsweredAt,
    bool Ended,
    DateTimeOffset? EndedAt,
    IReadOnlyList<DispatchTransferView> Transfers)
{
    public static DispatchCallView FromCall(HotlineCall call, IReadOnlyList<EmergencyTransferNote> transfers, string? caller) =>
        new(call.CallId, caller, call.AnsweringAgentId ?? call.ConnectedAgentId, call.QueueId, call.TicketId, call.IncidentReference,
            call.ArrivedAt, call.AgentAnsweredAt, call.IsEnded, null,
            [.. transfers.Select(t => new DispatchTransferView(t.Line, t.AgentId, t.StartedAt, t.Outcome))]);

    public static DispatchCallView FromRecord(CallRecord record, IReadOnlyList<DispatchTransferView> transfers, string? caller) =>
        new(record.CallId, caller, record.AgentId, record.QueueId, record.TicketId, record.IncidentReference110,
            record.ArrivedAt, record.AnsweredAt, true, record.EndedAt, transfers);

    /// <summary>The emergency transfers a call record holds (see HotlineCallCenter.WriteRecordAsync), oldest first.</summary>
    public static List<DispatchTransferView> TransfersOf(CallRecord record)
    {
        var transfers = new List<DispatchTransferView>();
        foreach (var e in record.Events.OrderBy(e => e.Ordinal))
        {
            switch (e.Kind)
            {
                case CallRecordEventKind.EmergencyTransferStarted when e.Party is { } line:
                    transfers.Add(new DispatchTransferView(line, e.Detail ?? "", e.At, null));
                    break;
                case CallRecordEventKind.EmergencyTransferAnswered or CallRecordEventKind.EmergencyTransferFailed:
                    int i = transfers.FindLastIndex(t => t.Line == e.Party && t.Outcome is null);
                    if (i >= 0)
                    {
                        transfers[i] = transfers[i] with { Outcome = e.Detail ?? (e.Kind == CallRecordEventKind.EmergencyTransferAnswered ? "answered" : "failed") };
                    }

                    break;
            }
        }

        return transfers;
    }
}

/// <summary>One transfer: the emergency line (110/119/120/122), the agent who pressed it, when, and how it went (null while ringing).</summary>
internal sealed record DispatchTransferView(string Line, string AgentId, DateTimeOffset StartedAt, string? Outcome);
