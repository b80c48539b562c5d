using System.Diagnostics;

namespace HotlineTelephony.Media.Engine;

/// <summary>
/// The one paced 20 ms tick of a media worker (PJSIP's master clock port): a dedicated thread that runs every
/// registered <see cref="IMediaTickable"/> once per frame. Deadlines are absolute (start + n × 20 ms on the
/// monotonic timestamp), so sleep jitter never accumulates into drift; a late wake-up runs the missed ticks
/// back-to-back up to <see cref="MediaClockOptions.MaxCatchUpTicks"/> and then skips ahead on the same grid.
/// A manual clock (<see cref="CreateManual"/>) has no thread and ticks only when a test calls <see cref="Advance"/>.
/// </summary>
public sealed class MediaClock : IDisposable
{
    private const int TicksPerSecond = 1000 / MediaFormat.FrameMilliseconds;

    private readonly Lock _gate = new();
    private readonly TimeProvider? _time;
    private readonly MediaClockOptions _options;
    private readonly long _frequency;
    private IMediaTickable[] _tickables = [];
    private Thread? _thread;
    private volatile bool _stopping;
    private long _start;
    private long _scheduled;
    private long _tickIndex;
    private long _lateTicks;
    private long _droppedTicks;
    private long _resyncs;
    private long _faults;

    private MediaClock(string name, TimeProvider? time, MediaClockOptions? options)
    {
        Name = name;
        _time = time;
        _options = options ?? new MediaClockOptions();
        if (_options.MaxCatchUpTicks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MediaClock:MaxCatchUpTicks must be at least 1.");
        }

        _frequency = time?.TimestampFrequency ?? Stopwatch.Frequency;
        _start = time?.GetTimestamp() ?? 0;
    }

    /// <summary>A clock with no thread: ticks happen only in <see cref="Advance"/>, on the caller's thread.</summary>
    public static MediaClock CreateManual(string name = "manual") => new(name, null, null);

    /// <summary>Starts a real-time clock on its own thread.</summary>
    public static MediaClock Start(string name, MediaClockOptions? options = null, TimeProvider? time = null)
    {
        var clock = CreatePaced(name, options, time ?? TimeProvider.System);
        clock.StartThread();
        return clock;
    }

    /// <summary>A paced clock whose thread is not started, so tests can drive <see cref="RunDueTicks"/> with fake time.</summary>
    internal static MediaClock CreatePaced(string name, MediaClockOptions? options, TimeProvider time) => new(name, time, options);

    public string Name { get; }

    public bool IsManual => _time is null;

    /// <summary>Ticks run so far; the next tick gets this index.</summary>
    public long TickCount => Volatile.Read(ref _tickIndex);

    /// <summary>Ticks that ran behind their deadline, back-to-back with the one before (catch-up).</summary>
    public long LateTicks => Volatile.Read(ref _lateTicks);

    /// <summary>Ticks skipped because the clock fell more than the catch-up cap behind.</summary>
    public long DroppedTicks => Volatile.Read(ref _droppedTicks);

    /// <summary>How many times the clock gave up catching up and jumped to the current deadline.</summary>
    public long Resyncs => Volatile.Read(ref _resyncs);

    /// <summary>Exceptions thrown by tickables (each is a bug; the clock keeps ticking the others).</summary>
    public long Faults => Volatile.Read(ref _faults);

    /// <summary>The most recent exception a tickable threw, for diagnostics.</summary>
    public Exception? LastFault { get; private set; }

    public int TickableCount => Volatile.Read(ref _tickables).Length;

    /// <summary>Registers a tickable; it runs from the next tick on. Safe from any thread.</summary>
    public void Add(IMediaTickable tickable)
    {
        ArgumentNullException.ThrowIfNull(tickable);
        lock (_gate)
        {
            var current = _tickables;
            if (Array.IndexOf(current, tickable) >= 0)
            {
                return;
            }

            var next = new IMediaTickable[current.Length + 1];
            current.CopyTo(next, 0);
            next[^1] = tickable;
            Volatile.Write(ref _tickables, next);
        }
    }

    /// <summary>Unregisters a tickable. A tick already in progress may still run it once.</summary>
    public bool Remove(IMediaTickable tickable)
    {
        lock (_gate)
        {
            var current = _tickables;
            int index = Array.IndexOf(current, tickable);
            if (index < 0)
            {
                return false;
            }

            var next = new IMediaTickable[current.Length - 1];
            Array.Copy(current, 0, next, 0, index);
            Array.Copy(current, index + 1, next, index, current.Length - index - 1);
            Volatile.Write(ref _tickables, next);
            return true;
        }
    }

    /// <summary>Runs <paramref name="ticks"/> ticks now, on the calling thread. Manual clocks only.</summary>
    public void Advance(int ticks = 1)
    {
        if (!IsManual)
        {
            throw new InvalidOperationException($"Clock '{Name}' is paced by its own thread; only a manual clock can be advanced.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ticks);
        for (int i = 0; i < ticks; i++)
        {
            TickOnce();
        }
    }

    /// <summary>
    /// Runs every tick whose deadline has passed, at most <see cref="MediaClockOptions.MaxCatchUpTicks"/>, and skips
    /// the rest on the same 20 ms grid. Returns the number of ticks run.
    /// </summary>
    internal int RunDueTicks()
    {
        long elapsed = _time!.GetTimestamp() - _start;
        long due = elapsed * TicksPerSecond / _frequency - _scheduled + 1;
        if (due <= 0)
        {
            return 0;
        }

        int run = (int)Math.Min(due, _options.MaxCatchUpTicks);
        for (int i = 0; i < run; i++)
        {
            TickOnce();
        }

        _scheduled += run;
        Volatile.Write(ref _lateTicks, _lateTicks + run - 1);
        if (due > run)
        {
            _scheduled += due - run;
            Volatile.Write(ref _droppedTicks, _droppedTicks + due - run);
            Volatile.Write(ref _resyncs, _resyncs + 1);
        }

        return run;
    }

    /// <summary>The timestamp at which the next scheduled tick is due.</summary>
    internal long NextDeadline => _start + _scheduled * _frequency / TicksPerSecond;

    public void Dispose()
    {
        _stopping = true;
        var thread = _thread;
        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join();
        }
    }

    private void StartThread()
    {
        _thread = new Thread(Run)
        {
            Name = "media clock " + Name,
            IsBackground = true,
            Priority = _options.Priority,
        };
        _start = _time!.GetTimestamp();
        _thread.Start();
    }

    private void Run()
    {
        var time = _time!;
        long spinWindow = (long)(_options.SpinWindow.TotalSeconds * _frequency);
        while (!_stopping)
        {
            long remaining = NextDeadline - time.GetTimestamp();
            if (remaining <= 0)
            {
                RunDueTicks();
                continue;
            }

            if (spinWindow == 0)
            {
                // No spinning: sleep to the deadline rounded up to a whole millisecond, so a tick runs up to ~1 ms
                // late (RTP timestamps come from the tick index, so only the send time moves, well inside any
                // jitter buffer) and the thread costs nothing between ticks.
                Thread.Sleep((int)Math.Max(1, (remaining * 1000 + _frequency - 1) / _frequency));
                continue;
            }

            if (remaining > spinWindow)
            {
                // Sleep rounds up on most kernels, so sleep only to the start of the spin window.
                int sleepMs = (int)((remaining - spinWindow) * 1000 / _frequency);
                if (sleepMs >= 1)
                {
                    Thread.Sleep(sleepMs);
                    continue;
                }
            }

            var spin = default(SpinWait);
            while (!_stopping && time.GetTimestamp() < NextDeadline)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    private void TickOnce()
    {
        var tickables = Volatile.Read(ref _tickables);
        long index = _tickIndex;
        for (int i = 0; i < tickables.Length; i++)
        {
            try
            {
                tickables[i].Tick(index);
            }
            catch (Exception ex)
            {
                // A throwing bridge must not silence every other call on this worker.
                LastFault = ex;
                Interlocked.Increment(ref _faults);
            }
        }

        Volatile.Write(ref _tickIndex, index + 1);
    }
}
