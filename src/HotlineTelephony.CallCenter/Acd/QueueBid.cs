namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// A queue's answer to an arbitrating agent: its best waiting caller that the agent may take. The agent compares the
/// bids of all its queues by <see cref="Priority"/> (higher first), then by weighted wait (now − <see cref="Place"/>) ×
/// <see cref="Weight"/> (longer first), then by place and queue id, so the order of the agent's queues never decides.
/// </summary>
public sealed record QueueBid(string QueueId, string CallId, int Priority, DateTimeOffset Place, double Weight)
{
    /// <summary>True when this bid is for a better caller than <paramref name="other"/> at <paramref name="now"/>.</summary>
    public bool IsBetterThan(QueueBid other, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Priority != other.Priority)
        {
            return Priority > other.Priority;
        }

        var mine = WeightedWaitTicks(now);
        var theirs = other.WeightedWaitTicks(now);
        if (mine != theirs)
        {
            return mine > theirs;
        }

        return Place != other.Place ? Place < other.Place : string.CompareOrdinal(QueueId, other.QueueId) < 0;
    }

    private double WeightedWaitTicks(DateTimeOffset now) => Math.Max(0, (now - Place).Ticks) * Weight;
}
