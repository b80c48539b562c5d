namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// One entry of the queue and agent event log. <see cref="Sequence"/> is given by the log when appended and orders
/// events exactly (timestamps may tie). <see cref="Detail"/> carries the kind's one parameter: a not-ready reason, a
/// miss count, an end disposition, a third party's number, a 110 incident reference.
/// </summary>
public sealed record AcdEvent(
    DateTimeOffset At,
    AcdEventKind Kind,
    string? CallId = null,
    string? QueueId = null,
    string? AgentId = null,
    string? Detail = null,
    int Priority = 0)
{
    public long Sequence { get; init; }
}
