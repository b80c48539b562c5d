using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.Server.Web.Events;

/// <summary>
/// The event log the grains write to: the persisted log, with every stamped event also published to the
/// <see cref="AcdEventFeed"/>. One lock around stamp-and-publish keeps the feed in sequence order.
/// </summary>
public sealed class ObservedAcdEventLog(IAcdEventLog inner, AcdEventFeed feed) : IAcdEventLog
{
    private readonly Lock _gate = new();

    public AcdEvent Append(AcdEvent evt)
    {
        lock (_gate)
        {
            var stamped = inner.Append(evt);
            feed.Publish(stamped);
            return stamped;
        }
    }

    public ValueTask<IReadOnlyList<AcdEvent>> ReadAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(afterSequence, cancellationToken);
}
