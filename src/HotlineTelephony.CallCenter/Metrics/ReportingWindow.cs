namespace HotlineTelephony.CallCenter.Metrics;

/// <summary>
/// The named reporting windows of the metrics API: <c>24h</c> is the rolling last 24 hours up to now (R-TEL-02: 接通率 ≥ 95 %
/// in any continuous 24 h), <c>today</c> the calendar day of the centre's clock (policy <c>reporting_utc_offset_hours</c>),
/// <c>all</c> everything in the log. As with every window, a call belongs to the one its CallEnqueued falls in.
/// </summary>
public static class ReportingWindow
{
    public const string Rolling24Hours = "24h";
    public const string Today = "today";
    public const string All = "all";

    /// <summary>The window named <paramref name="name"/> at <paramref name="now"/>; false for an unknown name.</summary>
    public static bool TryResolve(string name, DateTimeOffset now, TimeSpan utcOffset, out MetricsWindow window)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.Trim().ToLowerInvariant())
        {
            case Rolling24Hours:
                // Closed at now: a call that entered at this very tick is in the last 24 h.
                window = new MetricsWindow(now - TimeSpan.FromHours(24), now.AddTicks(1));
                return true;
            case Today:
                var local = now.ToOffset(utcOffset);
                var midnight = new DateTimeOffset(local.Date, utcOffset);
                window = new MetricsWindow(midnight, midnight.AddDays(1));
                return true;
            case All:
                window = MetricsWindow.Unbounded;
                return true;
            default:
                window = default;
                return false;
        }
    }
}
