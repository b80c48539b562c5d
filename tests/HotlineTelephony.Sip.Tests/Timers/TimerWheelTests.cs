using HotlineTelephony.Sip.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Sip.Tests.Timers;

public sealed class TimerWheelTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void FiresAtItsDueTimeAndNotBefore()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        wheel.Schedule(TimeSpan.FromMilliseconds(500), recorder, "A");

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(recorder.Fired);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["A"], recorder.Fired);
        Assert.Equal(TimeSpan.FromMilliseconds(500), recorder.FiredAt[0]);
    }

    [Fact]
    public void DueTimeBetweenTicksFiresAtTheNextTickNeverEarly()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        _time.Advance(TimeSpan.FromMilliseconds(3));
        wheel.Schedule(TimeSpan.FromMilliseconds(105), recorder, "A");

        _time.Advance(TimeSpan.FromMilliseconds(104));
        Assert.Empty(recorder.Fired);

        _time.Advance(TimeSpan.FromMilliseconds(10));
        var late = recorder.FiredAt[0] - TimeSpan.FromMilliseconds(108);
        Assert.InRange(late, TimeSpan.Zero, Tick);
    }

    [Fact]
    public void CancelledTimerNeverFires()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        var handle = wheel.Schedule(TimeSpan.FromMilliseconds(500), recorder, "A");

        Assert.True(handle.Cancel());
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(recorder.Fired);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void CancelAfterFiringIsHarmlessAndDoesNotTouchTheReusedEntry()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        var first = wheel.Schedule(TimeSpan.FromMilliseconds(100), recorder, "A");
        _time.Advance(TimeSpan.FromMilliseconds(100));

        // The pooled entry behind the first handle is reused here; the old handle must not cancel it.
        wheel.Schedule(TimeSpan.FromMilliseconds(100), recorder, "B");

        Assert.False(first.Cancel());
        Assert.False(first.Cancel());
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["A", "B"], recorder.Fired);
    }

    [Fact]
    public void DefaultHandleCancelReturnsFalse()
    {
        Assert.False(default(TimerHandle).Cancel());
    }

    [Fact]
    public void ManyTimersFireInDueTimeOrderWhenTimeJumps()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        var random = new Random(7);
        var expected = new List<(int Due, int Id)>();
        for (var id = 0; id < 2000; id++)
        {
            var due = random.Next(0, 40_000);
            expected.Add((due, id));
            wheel.Schedule(TimeSpan.FromMilliseconds(due), recorder, id);
        }

        _time.Advance(TimeSpan.FromSeconds(41));

        expected.Sort();
        Assert.Equal(expected.ConvertAll(e => (object?)e.Id), recorder.Fired);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(recorder.FiredAt[i] >= TimeSpan.FromMilliseconds(expected[i].Due));
        }
    }

    [Fact]
    public void TimersSharingATickFireInDueTimeThenScheduleOrder()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        wheel.Schedule(TimeSpan.FromMilliseconds(9), recorder, "late");
        wheel.Schedule(TimeSpan.FromMilliseconds(2), recorder, "early");
        wheel.Schedule(TimeSpan.FromMilliseconds(9), recorder, "late-second");

        _time.Advance(Tick);

        Assert.Equal(["early", "late", "late-second"], recorder.Fired);
    }

    [Fact]
    public void TimerLongerThanOneRevolutionFiresAtItsDueTime()
    {
        // 64*T1 = 32 s (Timer B/F/H) with 1024 slots of 10 ms is more than three revolutions of the wheel.
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        var timerB = TimeSpan.FromMilliseconds(64 * 500);
        wheel.Schedule(timerB, recorder, "B");

        _time.Advance(timerB - TimeSpan.FromMilliseconds(1));
        Assert.Empty(recorder.Fired);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["B"], recorder.Fired);
        Assert.Equal(timerB, recorder.FiredAt[0]);
    }

    [Fact]
    public void TimerLongerThanOneRevolutionFiresWhenTheClockAdvancesTickByTick()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        wheel.Schedule(TimeSpan.FromSeconds(32), recorder, "B");
        wheel.Schedule(TimeSpan.FromMilliseconds(10_240), recorder, "one-revolution");

        for (var i = 0; i < 3199; i++)
        {
            _time.Advance(Tick);
        }

        Assert.Equal(["one-revolution"], recorder.Fired);
        _time.Advance(Tick);
        Assert.Equal(["one-revolution", "B"], recorder.Fired);
    }

    [Fact]
    public void ThrowingCallbackIsReportedAndDoesNotStopOtherTimers()
    {
        var logger = new ErrorCountingLogger();
        using var wheel = new TimerWheel(_time, Tick, 1024, logger);
        var recorder = new Recorder(_time);
        wheel.Schedule(TimeSpan.FromMilliseconds(100), recorder, "before");
        wheel.Schedule(TimeSpan.FromMilliseconds(100), _ => throw new InvalidOperationException("bad transaction"));
        wheel.Schedule(TimeSpan.FromMilliseconds(100), recorder, "same tick");
        wheel.Schedule(TimeSpan.FromMilliseconds(200), recorder, "later");

        _time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(["before", "same tick", "later"], recorder.Fired);
        Assert.Equal(1, logger.Errors);
    }

    [Fact]
    public void CallbackCanScheduleAnotherTimer()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        var retransmitter = new Retransmitter(wheel, recorder, TimeSpan.FromMilliseconds(500));
        wheel.Schedule(TimeSpan.FromMilliseconds(500), retransmitter, 1);

        // Timer A doubling: 0.5, 1.5, 3.5, 7.5 s.
        while (recorder.Fired.Count < 4)
        {
            _time.Advance(Tick);
        }

        Assert.Equal([1, 2, 3, 4], recorder.Fired);
        Assert.Equal(
            [TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(3500), TimeSpan.FromMilliseconds(7500)],
            recorder.FiredAt);
    }

    [Fact]
    public void OneBigJumpOfFakeTimeReplaysTimersRearmedByCallbacks()
    {
        // FakeTimeProvider shows callbacks the end time of an Advance; the wheel must still replay the re-arms that
        // small steps would have produced, or a transaction test advancing 32 s would see one retransmission.
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        var retransmitter = new Retransmitter(wheel, recorder, TimeSpan.FromMilliseconds(500));
        wheel.Schedule(TimeSpan.FromMilliseconds(500), retransmitter, 1);
        wheel.Schedule(TimeSpan.FromMilliseconds(3000), recorder, "between");

        _time.Advance(TimeSpan.FromMilliseconds(7499));
        Assert.Equal([1, 2, "between", 3], recorder.Fired);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([1, 2, "between", 3, 4], recorder.Fired);
    }

    [Fact]
    public void CallbackCanScheduleAZeroDelayTimerWhichFiresOnTheNextTick()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        wheel.Schedule(TimeSpan.FromMilliseconds(100), _ => wheel.Schedule(TimeSpan.Zero, recorder, "follow-up"));

        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Empty(recorder.Fired);

        _time.Advance(Tick);
        Assert.Equal(["follow-up"], recorder.Fired);
    }

    [Fact]
    public void CallbackCanCancelATimerDueInTheSameTick()
    {
        // Timer B terminating a transaction must stop its Timer A even when both expire together.
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        TimerHandle timerA = default;
        wheel.Schedule(TimeSpan.FromMilliseconds(101), _ => timerA.Cancel());
        timerA = wheel.Schedule(TimeSpan.FromMilliseconds(105), recorder, "A");

        _time.Advance(TimeSpan.FromMilliseconds(110));

        Assert.Empty(recorder.Fired);
    }

    [Fact]
    public void CallbackCanCancelItsOwnHandle()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        TimerHandle self = default;
        bool? cancelled = null;
        self = wheel.Schedule(TimeSpan.FromMilliseconds(100), _ => cancelled = self.Cancel());

        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.False(cancelled);
    }

    [Fact]
    public void DisposedWheelFiresNothingAndRefusesNewTimers()
    {
        var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        wheel.Schedule(TimeSpan.FromMilliseconds(100), recorder, "A");

        wheel.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(recorder.Fired);
        Assert.Throws<ObjectDisposedException>(() => wheel.Schedule(TimeSpan.FromMilliseconds(100), recorder, "B"));
    }

    [Fact]
    public void ACallbackReschedulingWhileTheWheelIsDisposedIsIgnoredNotThrown()
    {
        // The server stopping while a batch fires: a transaction's callback schedules its next timer on a disposed wheel.
        var wheel = new TimerWheel(_time, Tick, 1024);
        Exception? thrown = null;
        bool? cancelled = null;
        wheel.Schedule(TimeSpan.FromMilliseconds(100), _ =>
        {
            wheel.Dispose();
            try
            {
                cancelled = wheel.Schedule(TimeSpan.FromMilliseconds(100), _ => { }).Cancel();
            }
            catch (Exception e)
            {
                thrown = e;
            }
        });

        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Null(thrown);
        Assert.False(cancelled);
    }

    [Fact]
    public void NegativeDelayFiresOnTheNextTickButInfiniteIsRefused()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var recorder = new Recorder(_time);
        wheel.Schedule(TimeSpan.FromMilliseconds(-30), recorder, "overdue");

        Assert.Throws<ArgumentOutOfRangeException>(() => wheel.Schedule(Timeout.InfiniteTimeSpan, recorder, "never"));
        _time.Advance(Tick);
        Assert.Equal(["overdue"], recorder.Fired);
    }

    [Fact]
    public void SlotsMustBeAPowerOfTwo()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimerWheel(_time, Tick, 1000));
    }

    [Fact]
    public void TimersScheduledFromManyThreadsAllFire()
    {
        using var wheel = new TimerWheel(_time, Tick, 1024);
        var counter = new CountingCallback();
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var handle = wheel.Schedule(TimeSpan.FromMilliseconds(i), counter);
                if (i % 2 == 1)
                {
                    handle.Cancel();
                }
            }
        });

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(4000, counter.Count);
        Assert.Equal(0, wheel.Count);
    }

    private sealed class Recorder(TimeProvider time) : ITimerCallback
    {
        private readonly long _start = time.GetTimestamp();

        public List<object?> Fired { get; } = [];

        public List<TimeSpan> FiredAt { get; } = [];

        public void OnTimer(object? state)
        {
            Fired.Add(state);
            FiredAt.Add(time.GetElapsedTime(_start));
        }
    }

    private sealed class Retransmitter(TimerWheel wheel, Recorder recorder, TimeSpan first) : ITimerCallback
    {
        public void OnTimer(object? state)
        {
            var attempt = (int)state!;
            recorder.OnTimer(attempt);
            if (attempt < 4)
            {
                wheel.Schedule(first * (1 << attempt), this, attempt + 1);
            }
        }
    }

    private sealed class CountingCallback : ITimerCallback
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnTimer(object? state) => Interlocked.Increment(ref _count);
    }

    private sealed class ErrorCountingLogger : ILogger
    {
        public int Errors { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error && exception is InvalidOperationException)
            {
                Errors++;
            }
        }
    }
}
