namespace HotlineTelephony.CallCenter.Acd;

/// <summary>A waiting caller inside a queue grain; ordered by priority (higher first), then place, then arrival order.</summary>
internal sealed class QueueEntry
{
    public required string CallId { get; init; }

    public required string CallerNumber { get; init; }

    public required string DialledNumber { get; init; }

    public required int Priority { get; init; }

    public required DateTimeOffset Place { get; init; }

    public required long Sequence { get; init; }

    public required DateTimeOffset EnqueuedAt { get; init; }

    public bool IsCallback { get; init; }

    /// <summary>The agent being rung for this caller; the caller keeps its place meanwhile but is skipped.</summary>
    public string? OfferedTo { get; set; }

    public DateTimeOffset LastAnnounced { get; set; }

    public bool OverflowOffered { get; set; }

    public static readonly IComparer<QueueEntry> Order = Comparer<QueueEntry>.Create(static (a, b) =>
    {
        var c = b.Priority.CompareTo(a.Priority);
        if (c != 0)
        {
            return c;
        }

        c = a.Place.UtcTicks.CompareTo(b.Place.UtcTicks);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });
}
