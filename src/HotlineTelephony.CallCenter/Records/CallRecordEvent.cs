namespace HotlineTelephony.CallCenter.Records;

/// <summary>One step in a call's life (offer, answer, hold, transfer, a third party joining or leaving…).</summary>
public sealed class CallRecordEvent
{
    /// <summary>Set by the store from the owning record.</summary>
    public string CallId { get; set; } = "";

    /// <summary>Position in <see cref="CallRecord.Events"/>, set by the store: with the call id, the row's key.</summary>
    public int Ordinal { get; set; }

    public DateTimeOffset At { get; set; }

    public CallRecordEventKind Kind { get; set; }

    /// <summary>Who the step is about: an agent id, a third party's number, "110".</summary>
    public string? Party { get; set; }

    /// <summary>The step's one parameter: a transfer target, a failure reason, a 110 incident reference.</summary>
    public string? Detail { get; set; }
}
