using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>One persisted <see cref="AcdEvent"/>; the sequence number given by the log is the key.</summary>
public sealed class AcdEventRow
{
    public long Sequence { get; set; }

    /// <summary>Stored as UTC ticks, so a replay sees exactly the instant the live fold saw.</summary>
    public DateTimeOffset At { get; set; }

    public AcdEventKind Kind { get; set; }

    public string? CallId { get; set; }

    public string? QueueId { get; set; }

    public string? AgentId { get; set; }

    public string? Detail { get; set; }

    public int Priority { get; set; }

    public static AcdEventRow From(AcdEvent evt) => new()
    {
        Sequence = evt.Sequence,
        At = evt.At,
        Kind = evt.Kind,
        CallId = evt.CallId,
        QueueId = evt.QueueId,
        AgentId = evt.AgentId,
        Detail = evt.Detail,
        Priority = evt.Priority,
    };

    public AcdEvent ToEvent() => new(At, Kind, CallId, QueueId, AgentId, Detail, Priority) { Sequence = Sequence };
}
