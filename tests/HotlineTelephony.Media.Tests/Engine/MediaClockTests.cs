using System.Diagnostics;
using HotlineTelephony.Media.Engine;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Media.Tests.Engine;

public class MediaClockTests
{
    private static readonly TimeSpan Frame = MediaFormat.FrameDuration;

    [Fact]
    public void ManualClockRunsEveryTickableOncePerAdvancedTick()
    {
        using var clock = MediaClock.CreateManual();
        var first = new CountingTickable();
        var second = new CountingTickable();
        clock.Add(first);
        clock.Add(second);

        clock.Advance(3);

        Assert.Equal([0, 1, 2], first.Indexes);
        Assert.Equal([0, 1, 2], second.Indexes);
        Assert.Equal(3, clock.TickCount);
    }

    [Fact]
    public void RemovedTickableIsNotTickedAgain()
    {
        using var clock = MediaClock.CreateManual();
        var tickable = new CountingTickable();
        clock.Add(tickable);
        clock.Advance(2);

        Assert.True(clock.Remove(tickable));
        clock.Advance(2);

        Assert.Equal(2, tickable.Count);
        Assert.Equal(0, clock.TickableCount);
    }

    [Fact]
    public void AddingTheSameTickableTwiceTicksItOnce()
    {
        using var clock = MediaClock.CreateManual();
        var tickable = new CountingTickable();
        clock.Add(tickable);
        clock.Add(tickable);

        clock.Advance(1);

        Assert.Equal(1, tickable.Count);
    }

    [Fact]
    public void ThrowingTickableDoesNotStopTheOthers()
    {
        using var clock = MediaClock.CreateManual();
        var broken = new CountingTickable { Throw = true };
        var healthy = new CountingTickable();
        clock.Add(broken);
        clock.Add(healthy);

        clock.Advance(2);

        Assert.Equal(2, healthy.Count);
        Assert.Equal(2, clock.Faults);
        Assert.IsType<InvalidOperationException>(clock.LastFault);
    }

    [Fact]
    public void PacedClockRunsNoTickBeforeItsDeadline()
    {
        var time = new FakeTimeProvider();
        using var clock = MediaClock.CreatePaced("test", null, time);
        var tickable = new CountingTickable();
        clock.Add(tickable);

        Assert.Equal(1, clock.RunDueTicks());
        time.Advance(Frame - TimeSpan.FromTicks(1));
        Assert.Equal(0, clock.RunDueTicks());
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, clock.RunDueTicks());

        Assert.Equal([0, 1], tickable.Indexes);
        Assert.Equal(0, clock.LateTicks);
    }

    [Fact]
    public void LateWakeUpRunsTheMissedTicksBackToBack()
    {
        var time = new FakeTimeProvider();
        using var clock = MediaClock.CreatePaced("test", new MediaClockOptions { MaxCatchUpTicks = 5 }, time);
        clock.RunDueTicks();

        time.Advance(3 * Frame);

        Assert.Equal(3, clock.RunDueTicks());
        Assert.Equal(2, clock.LateTicks);
        Assert.Equal(0, clock.DroppedTicks);
        Assert.Equal(4, clock.TickCount);
    }

    [Fact]
    public void ClockFarBehindRunsTheCapThenResyncsOnTheSameGrid()
    {
        var time = new FakeTimeProvider();
        using var clock = MediaClock.CreatePaced("test", new MediaClockOptions { MaxCatchUpTicks = 5 }, time);
        clock.RunDueTicks();

        time.Advance((50 * Frame) + TimeSpan.FromMilliseconds(7));

        Assert.Equal(5, clock.RunDueTicks());
        Assert.Equal(45, clock.DroppedTicks);
        Assert.Equal(1, clock.Resyncs);
        Assert.Equal(0, clock.RunDueTicks());

        // Still on the original grid: the next tick is due 20 ms after tick 50, not 20 ms after the resync.
        time.Advance(TimeSpan.FromMilliseconds(13));
        Assert.Equal(1, clock.RunDueTicks());
    }

    [Fact]
    public void PacedClockCannotBeAdvancedByHand()
    {
        using var clock = MediaClock.CreatePaced("test", null, new FakeTimeProvider());
        Assert.Throws<InvalidOperationException>(() => clock.Advance(1));
    }

    [Fact]
    public void RealClockTicksOncePerFrameOverTwoSeconds()
    {
        // A sanity check on a real thread with a generous bound; hour-long drift is measured by bench/media-clock/README.md.
        var tickable = new CountingTickable();
        var watch = Stopwatch.StartNew();
        using (var clock = MediaClock.Start("real"))
        {
            clock.Add(tickable);
            Thread.Sleep(2000);

            // Elapsed is read on both sides of the counters: a loaded machine may pause this thread between the reads.
            // It may also wake the clock's thread late (the clock sleeps between ticks); a late tick counts the ticks
            // it caught up on, so the clock is polled for a while until it has. It must never run ahead.
            var deadline = watch.Elapsed + TimeSpan.FromSeconds(2);
            double before, after;
            long scheduled;
            while (true)
            {
                before = (watch.Elapsed.TotalMilliseconds / MediaFormat.FrameMilliseconds) + 1;
                scheduled = clock.TickCount + clock.DroppedTicks;
                after = (watch.Elapsed.TotalMilliseconds / MediaFormat.FrameMilliseconds) + 1;
                Assert.True(scheduled <= after + 1, $"the clock ran ahead: {scheduled} ticks in {after - 1:F1} frames");
                if (scheduled >= before - 2 || watch.Elapsed > deadline)
                {
                    break;
                }

                Thread.Sleep(5);
            }

            Assert.InRange(scheduled, before - 2, after + 1);
        }
    }
}
