using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.Sip.Timers;

/// <summary>
/// The process's one hashed timer wheel for SIP timers (transaction timers A–M, 2xx retransmission, session
/// timers, registration expiry). A single <see cref="ITimer"/> from the injected <see cref="TimeProvider"/>
/// drives it, so there is no timer per call and tests run it with fake time.
/// </summary>
/// <remarks>
/// A timer never fires before its due time and, while the clock thread is not starved, at most one tick after
/// it. Callbacks run on the tick, outside the wheel's lock, in due-time order; a late tick catches up tick by
/// tick. While catching up, a callback that schedules a timer is taken to run at the tick being fired, so
/// re-armed timers (Timer A doubling, 2xx retransmission) keep their spacing and one big jump of fake time plays
/// out exactly as many small steps would.
/// </remarks>
public sealed partial class TimerWheel : IDisposable
{
    /// <summary>Tick used when none is given: fine enough for T1 = 500 ms and its halvings.</summary>
    public static readonly TimeSpan DefaultTick = TimeSpan.FromMilliseconds(10);

    /// <summary>Slots used when none is given: one revolution covers 40.96 s at the default tick.</summary>
    public const int DefaultSlots = 4096;

    // Enough to absorb bursts without pinning the memory of an unusual spike forever.
    private const int MaxPooledEntries = 16 * 1024;

    private const int Free = 0;
    private const int Scheduled = 1;
    private const int Firing = 2;
    private const int Running = 3;
    private const int CancelledWhileFiring = 4;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _tickLength;
    private readonly long _startTimestamp;
    private readonly TimerEntry?[] _heads;
    private readonly TimerEntry?[] _tails;
    private readonly int _mask;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;

    // Every tick up to and including this one has had its due entries taken out. Written under the lock.
    private long _processedTick;
    private long _sequence;
    private int _count;
    private bool _disposed;

    private TimerEntry? _pool;
    private int _pooled;

    // Only the thread holding this flag fires callbacks, so the batch below is reused without locking and a
    // callback that advances a fake clock (which ticks synchronously) cannot re-enter the firing loop.
    private int _ticking;
    private TimerEntry?[] _batch = new TimerEntry?[16];

    // Which thread is running callbacks, and the wheel time (TimeSpan ticks since start) of the tick it runs.
    private int _firingThread;
    private long _firingTime;

    /// <summary>Creates a wheel with a 10 ms tick and 4096 slots.</summary>
    public TimerWheel(TimeProvider time)
        : this(time, DefaultTick)
    {
    }

    /// <summary>Creates a wheel; <paramref name="slots"/> must be a power of two.</summary>
    /// <param name="logger">Receives exceptions thrown by callbacks; they never stop the wheel.</param>
    public TimerWheel(TimeProvider time, TimeSpan tick, int slots = DefaultSlots, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tick, TimeSpan.Zero);
        if (slots < 2 || !BitOperations.IsPow2(slots))
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "The number of timer wheel slots must be a power of two, at least 2.");
        }

        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _tickLength = tick.Ticks;
        _heads = new TimerEntry?[slots];
        _tails = new TimerEntry?[slots];
        _mask = slots - 1;
        _startTimestamp = time.GetTimestamp();

        // The wheel lives for the process; it must not keep alive the AsyncLocals of whoever happened to create it.
        var restoreFlow = false;
        try
        {
            if (!ExecutionContext.IsFlowSuppressed())
            {
                ExecutionContext.SuppressFlow();
                restoreFlow = true;
            }

            _timer = time.CreateTimer(static state => ((TimerWheel)state!).OnTick(), this, tick, tick);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    /// <summary>Length of one tick.</summary>
    public TimeSpan Tick => new(_tickLength);

    /// <summary>Number of timers scheduled and not yet fired or cancelled.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Calls <paramref name="callback"/> once <paramref name="dueIn"/> has passed; negative means on the next tick.</summary>
    public TimerHandle Schedule(TimeSpan dueIn, ITimerCallback callback, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Add(dueIn, callback, null, state);
    }

    /// <summary>Convenience overload; prefer <see cref="ITimerCallback"/> on hot paths to avoid a closure.</summary>
    public TimerHandle Schedule(TimeSpan dueIn, Action<object?> callback, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Add(dueIn, null, callback, state);
    }

    /// <summary>Stops the clock; pending timers never fire.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Array.Clear(_heads);
            Array.Clear(_tails);
            _count = 0;
            _pool = null;
            _pooled = 0;
        }

        _timer.Dispose();
    }

    internal bool Cancel(TimerEntry entry, int version)
    {
        lock (_lock)
        {
            if (entry.Version != version)
            {
                return false;
            }

            switch (entry.Status)
            {
                case Scheduled:
                    Unlink(entry);
                    _count--;
                    Recycle(entry);
                    return true;
                case Firing:
                    // Taken out for this tick but not started: the firing loop sees the change and skips it.
                    return Interlocked.CompareExchange(ref entry.Status, CancelledWhileFiring, Firing) == Firing;
                default:
                    return false;
            }
        }
    }

    private TimerHandle Add(TimeSpan dueIn, ITimerCallback? callback, Action<object?>? action, object? state)
    {
        // Infinite is negative too, but a caller passing it means "never", not "now".
        if (dueIn == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueIn), dueIn, "An infinite timer never fires; do not schedule one.");
        }

        if (dueIn < TimeSpan.Zero)
        {
            dueIn = TimeSpan.Zero;
        }

        // Anything this far out is a caller bug; refusing it keeps the tick arithmetic clear of overflow.
        if (dueIn.Ticks > long.MaxValue / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(dueIn), dueIn, "The timer is too far in the future.");
        }

        var now = Environment.CurrentManagedThreadId == Volatile.Read(ref _firingThread)
            ? _firingTime
            : _time.GetElapsedTime(_startTimestamp).Ticks;
        var dueAt = now + dueIn.Ticks;

        // Rounding up is what guarantees a timer never fires early.
        var dueTick = (dueAt + _tickLength - 1) / _tickLength;

        lock (_lock)
        {
            if (_disposed && Environment.CurrentManagedThreadId == Volatile.Read(ref _firingThread))
            {
                // A callback of the last batch rescheduling while the stack shuts down: nothing will fire again.
                return default;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);

            // Scheduled from a callback (or exactly on a tick boundary) for a tick already taken: the next one is the
            // earliest still to come.
            if (dueTick <= _processedTick)
            {
                dueTick = _processedTick + 1;
            }

            var entry = Rent();
            entry.DueTick = dueTick;
            entry.DueAt = dueAt;
            entry.Sequence = _sequence++;
            entry.Callback = callback;
            entry.Action = action;
            entry.State = state;
            entry.Status = Scheduled;
            Append(entry);
            _count++;
            return new TimerHandle(this, entry, entry.Version);
        }
    }

    private void OnTick()
    {
        while (Interlocked.Exchange(ref _ticking, 1) == 0)
        {
            try
            {
                RunDueTicks();
            }
            finally
            {
                Volatile.Write(ref _ticking, 0);
            }

            // A tick that arrived while the flag was held returned at once; pick its work up now rather than a
            // whole period later.
            if (CurrentTick() <= Volatile.Read(ref _processedTick))
            {
                return;
            }
        }
    }

    private void RunDueTicks()
    {
        var target = CurrentTick();
        while (true)
        {
            int fired;
            long tick;
            lock (_lock)
            {
                if (_disposed || _processedTick >= target)
                {
                    return;
                }

                if (_count == 0)
                {
                    // Nothing can be due, so skip the empty ticks (after a long quiet spell or a big fake-time jump).
                    Volatile.Write(ref _processedTick, target);
                    return;
                }

                tick = _processedTick + 1;
                Volatile.Write(ref _processedTick, tick);
                fired = TakeDue(tick);
            }

            if (fired > 0)
            {
                _firingTime = tick * _tickLength;
                Volatile.Write(ref _firingThread, Environment.CurrentManagedThreadId);
                try
                {
                    Fire(fired);
                }
                finally
                {
                    Volatile.Write(ref _firingThread, 0);
                }

                // Callbacks take time; keep up with the clock instead of the moment this tick began.
                target = CurrentTick();
            }
        }
    }

    private int TakeDue(long tick)
    {
        var count = 0;
        var entry = _heads[(int)(tick & _mask)];
        while (entry is not null)
        {
            var next = entry.Next;
            if (entry.DueTick <= tick)
            {
                Unlink(entry);
                _count--;
                entry.Status = Firing;
                if (count == _batch.Length)
                {
                    Array.Resize(ref _batch, count * 2);
                }

                // Insertion sort: batches are tiny and mostly in order already.
                var i = count - 1;
                while (i >= 0 && FiresAfter(_batch[i]!, entry))
                {
                    _batch[i + 1] = _batch[i];
                    i--;
                }

                _batch[i + 1] = entry;
                count++;
            }

            entry = next;
        }

        return count;
    }

    private static bool FiresAfter(TimerEntry a, TimerEntry b) =>
        a.DueAt > b.DueAt || (a.DueAt == b.DueAt && a.Sequence > b.Sequence);

    private void Fire(int count)
    {
        var batch = _batch;
        for (var i = 0; i < count; i++)
        {
            var entry = batch[i]!;
            if (Interlocked.CompareExchange(ref entry.Status, Running, Firing) != Firing)
            {
                continue;
            }

            try
            {
                if (entry.Callback is not null)
                {
                    entry.Callback.OnTimer(entry.State);
                }
                else
                {
                    entry.Action!(entry.State);
                }
            }
            catch (Exception ex)
            {
                LogCallbackFailed(_logger, (object?)entry.Callback ?? entry.Action!, ex);
            }
        }

        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                Recycle(batch[i]!);
                batch[i] = null;
            }
        }
    }

    private long CurrentTick() => _time.GetElapsedTime(_startTimestamp).Ticks / _tickLength;

    private void Append(TimerEntry entry)
    {
        var slot = (int)(entry.DueTick & _mask);
        var tail = _tails[slot];
        entry.Previous = tail;
        entry.Next = null;
        if (tail is null)
        {
            _heads[slot] = entry;
        }
        else
        {
            tail.Next = entry;
        }

        _tails[slot] = entry;
    }

    private void Unlink(TimerEntry entry)
    {
        var slot = (int)(entry.DueTick & _mask);
        if (entry.Previous is null)
        {
            _heads[slot] = entry.Next;
        }
        else
        {
            entry.Previous.Next = entry.Next;
        }

        if (entry.Next is null)
        {
            _tails[slot] = entry.Previous;
        }
        else
        {
            entry.Next.Previous = entry.Previous;
        }

        entry.Previous = null;
        entry.Next = null;
    }

    private TimerEntry Rent()
    {
        var entry = _pool;
        if (entry is null)
        {
            return new TimerEntry();
        }

        _pool = entry.Next;
        _pooled--;
        entry.Next = null;
        return entry;
    }

    private void Recycle(TimerEntry entry)
    {
        // A new version makes every outstanding handle to this entry a harmless no-op.
        entry.Version++;
        entry.Status = Free;
        entry.Callback = null;
        entry.Action = null;
        entry.State = null;
        entry.Previous = null;
        if (_disposed || _pooled >= MaxPooledEntries)
        {
            entry.Next = null;
            return;
        }

        entry.Next = _pool;
        _pool = entry;
        _pooled++;
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "SIP timer callback {Callback} threw; the timer wheel carries on")]
    private static partial void LogCallbackFailed(ILogger logger, object callback, Exception exception);
}
