namespace HotlineTelephony.CallCenter.Acd;

/// <summary>The event log kept in memory (tests, benchmarks, a server without a database); thread-safe.</summary>
public sealed class InMemoryAcdEventLog : IAcdEventLog
{
    private readonly List<AcdEvent> _events = [];
    private readonly Lock _gate = new();

    public AcdEvent Append(AcdEvent evt)
    {
        lock (_gate)
        {
            var stamped = evt with { Sequence = _events.Count + 1 };
            _events.Add(stamped);
            return stamped;
        }
    }

    public ValueTask<IReadOnlyList<AcdEvent>> ReadAsync(long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var from = (int)Math.Clamp(afterSequence, 0, _events.Count);
            return ValueTask.FromResult<IReadOnlyList<AcdEvent>>(_events.GetRange(from, _events.Count - from));
        }
    }

    /// <summary>A copy of every event so far.</summary>
    public IReadOnlyList<AcdEvent> Snapshot()
    {
        lock (_gate)
        {
            return [.. _events];
        }
    }
}
