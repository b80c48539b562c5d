namespace HotlineTelephony.Media.Engine;

/// <summary>
/// N media workers, each one <see cref="MediaClock"/> (default one per core). A new bridge goes to the worker with the
/// fewest tickables, ties broken round-robin, and stays there for its life so its ports are only ever touched by one
/// thread.
/// </summary>
public sealed class MediaWorkerPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly MediaClock[] _clocks;
    private readonly Dictionary<IMediaTickable, MediaClock> _assigned = new(ReferenceEqualityComparer.Instance);
    private int _cursor;

    /// <param name="workerCount">Number of clocks; 0 means <see cref="Environment.ProcessorCount"/>.</param>
    public MediaWorkerPool(int workerCount = 0, MediaClockOptions? options = null, TimeProvider? time = null)
        : this(CreateClocks(workerCount, i => MediaClock.Start("worker " + i, options, time)))
    {
    }

    private MediaWorkerPool(MediaClock[] clocks) => _clocks = clocks;

    /// <summary>A pool of manual clocks for tests.</summary>
    public static MediaWorkerPool CreateManual(int workerCount) =>
        new(CreateClocks(workerCount, i => MediaClock.CreateManual("worker " + i)));

    public IReadOnlyList<MediaClock> Clocks => _clocks;

    /// <summary>Puts <paramref name="tickable"/> on the least-loaded clock and returns that clock.</summary>
    public MediaClock Assign(IMediaTickable tickable)
    {
        ArgumentNullException.ThrowIfNull(tickable);
        lock (_gate)
        {
            if (_assigned.TryGetValue(tickable, out var existing))
            {
                return existing;
            }

            int best = -1;
            int bestLoad = int.MaxValue;
            for (int n = 0; n < _clocks.Length; n++)
            {
                int i = (_cursor + n) % _clocks.Length;
                int load = _clocks[i].TickableCount;
                if (load < bestLoad)
                {
                    best = i;
                    bestLoad = load;
                }
            }

            _cursor = (best + 1) % _clocks.Length;
            var clock = _clocks[best];
            clock.Add(tickable);
            _assigned.Add(tickable, clock);
            return clock;
        }
    }

    /// <summary>Takes <paramref name="tickable"/> off its clock. Returns false if it was not assigned here.</summary>
    public bool Release(IMediaTickable tickable)
    {
        lock (_gate)
        {
            if (!_assigned.Remove(tickable, out var clock))
            {
                return false;
            }

            clock.Remove(tickable);
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var clock in _clocks)
        {
            clock.Dispose();
        }
    }

    private static MediaClock[] CreateClocks(int workerCount, Func<int, MediaClock> create)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerCount);
        int count = workerCount == 0 ? Environment.ProcessorCount : workerCount;
        var clocks = new MediaClock[count];
        for (int i = 0; i < count; i++)
        {
            clocks[i] = create(i);
        }

        return clocks;
    }
}
