namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// One call's record (通话记录, R-TEL-51): who called, where it queued, who answered, how it ended, the recording and
/// media quality, and every step in <see cref="Events"/>. Saved whole: saving a record again replaces it.
/// </summary>
public sealed class CallRecord
{
    public required string CallId { get; set; }

    public string? CallerNumber { get; set; }

    public string? DialledNumber { get; set; }

    public string? Trunk { get; set; }

    public DateTimeOffset ArrivedAt { get; set; }

    public string? QueueId { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AgentId { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>How the call ended (CallEnded's disposition): answered, abandoned, voice-message, transferred-110…</summary>
    public string? Disposition { get; set; }

    /// <summary>Recording file (R-TEL-50: confidential, served only through the authorised API).</summary>
    public string? RecordingPath { get; set; }

    public TimeSpan? RecordingDuration { get; set; }

    /// <summary>Everyone who was on the call: caller number, agent ids, third-party numbers.</summary>
    public List<string> Parties { get; set; } = [];

    /// <summary>110 incident reference of a call transferred from or to 110 (R-TEL-10).</summary>
    public string? IncidentReference110 { get; set; }

    /// <summary>The ticket (工单) the call produced, once known.</summary>
    public string? TicketId { get; set; }

    public List<CallLegQuality> Legs { get; set; } = [];

    public List<CallRecordEvent> Events { get; set; } = [];

    /// <summary>A deep copy whose children carry this call id and their ordinals (what the store persists).</summary>
    internal CallRecord CopyForSave()
    {
        var copy = (CallRecord)MemberwiseClone();
        copy.Parties = [.. Parties];
        copy.Legs = Legs.Select(l => new CallLegQuality { CallId = CallId, Leg = l.Leg, Packets = l.Packets, Lost = l.Lost, JitterMs = l.JitterMs }).ToList();
        copy.Events = Events.Select((e, i) => new CallRecordEvent
        {
            CallId = CallId,
            Ordinal = i,
            At = e.At,
            Kind = e.Kind,
            Party = e.Party,
            Detail = e.Detail,
        }).ToList();
        return copy;
    }
}
