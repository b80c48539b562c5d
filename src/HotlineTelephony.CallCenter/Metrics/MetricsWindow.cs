namespace HotlineTelephony.CallCenter.Metrics;

/// <summary>
/// A half-open reporting window [<see cref="From"/>, <see cref="To"/>). A call belongs to the window in which it
/// entered the queue (its CallEnqueued), so every outcome of that call counts in the same window as its entry.
/// </summary>
public readonly record struct MetricsWindow(DateTimeOffset From, DateTimeOffset To)
{
    public static MetricsWindow Unbounded { get; } = new(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    public bool Contains(DateTimeOffset at) => at >= From && at < To;
}
