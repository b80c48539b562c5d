namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>
/// Where the RTP and RTCP sockets of the sessions are read: a few epoll receive threads (the default on Linux), or
/// one async loop per socket (<see cref="ReceiveLoopMode.Async"/>, and everywhere else). A session's two sockets go
/// to the loop with the fewest sockets, ties broken round-robin, and stay there.
/// </summary>
public sealed class RtpReceivers : IDisposable
{
    private static readonly Lazy<RtpReceivers> SharedDefault = new(() => new RtpReceivers());

    private readonly Lock _gate = new();
    private readonly IReceiveLoop[] _loops;
    private int _cursor;

    /// <param name="mode">Requested loop; <see cref="ReceiveLoopMode.Epoll"/> becomes <see cref="ReceiveLoopMode.Async"/> off Linux.</param>
    /// <param name="threads">Epoll receive threads; 0 means <see cref="Environment.ProcessorCount"/>.</param>
    public RtpReceivers(ReceiveLoopMode mode = ReceiveLoopMode.Epoll, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Mode = mode == ReceiveLoopMode.Epoll && OperatingSystem.IsLinux() ? ReceiveLoopMode.Epoll : ReceiveLoopMode.Async;
        if (Mode == ReceiveLoopMode.Async)
        {
            _loops = [new AsyncReceiveLoop()];
            return;
        }

        int count = threads == 0 ? Environment.ProcessorCount : threads;
        var loops = new IReceiveLoop[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                loops[i] = new EpollReceiveLoop("rtp receive " + i);
            }
        }
        catch
        {
            foreach (var loop in loops)
            {
                (loop as IDisposable)?.Dispose();
            }

            throw;
        }

        _loops = loops;
    }

    /// <summary>
    /// The receivers of sessions started without one (tests, benchmarks): epoll threads, one per core, for the
    /// life of the process. The server's <c>MediaEngine</c> has its own, configured by <c>Media:ReceiveLoop</c>.
    /// </summary>
    public static RtpReceivers Default => SharedDefault.Value;

    /// <summary>The loop in use (after the fallback off Linux).</summary>
    public ReceiveLoopMode Mode { get; }

    /// <summary>Receive threads (0 with the async loop, which uses the thread pool).</summary>
    public int ThreadCount => Mode == ReceiveLoopMode.Epoll ? _loops.Length : 0;

    /// <summary>Handler calls that threw on the epoll threads (each dropped one datagram); always 0 for the async loop.</summary>
    public long HandlerFaults
    {
        get
        {
            long sum = 0;
            foreach (var loop in _loops)
            {
                sum += (loop as EpollReceiveLoop)?.HandlerFaults ?? 0;
            }

            return sum;
        }
    }

    internal IReadOnlyList<IReceiveLoop> Loops => _loops;

    /// <summary>Stops the receive threads; sockets still registered are no longer read.</summary>
    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            (loop as IDisposable)?.Dispose();
        }
    }

    /// <summary>The loop with the fewest sockets, for both sockets of one session.</summary>
    internal IReceiveLoop Pick()
    {
        lock (_gate)
        {
            int best = 0;
            int bestLoad = int.MaxValue;
            for (int n = 0; n < _loops.Length; n++)
            {
                int i = (_cursor + n) % _loops.Length;
                int load = _loops[i].RegistrationCount;
                if (load < bestLoad)
                {
                    best = i;
                    bestLoad = load;
                }
            }

            _cursor = (best + 1) % _loops.Length;
            return _loops[best];
        }
    }
}
