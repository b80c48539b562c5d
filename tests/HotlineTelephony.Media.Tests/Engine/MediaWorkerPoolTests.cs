using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Engine;

public class MediaWorkerPoolTests
{
    [Fact]
    public void NewBridgesSpreadRoundRobinOverEqualWorkers()
    {
        using var pool = MediaWorkerPool.CreateManual(3);

        var clocks = new[] { pool.Assign(new CountingTickable()), pool.Assign(new CountingTickable()), pool.Assign(new CountingTickable()) };

        Assert.Equal(3, clocks.Distinct().Count());
    }

    [Fact]
    public void NewBridgeGoesToTheLeastLoadedWorker()
    {
        using var pool = MediaWorkerPool.CreateManual(2);
        var first = new CountingTickable();
        var second = new CountingTickable();
        var third = new CountingTickable();
        var firstClock = pool.Assign(first);
        pool.Assign(second);
        pool.Assign(third);

        pool.Release(first);
        pool.Release(third);

        // Round-robin would pick the second worker next; it is busier.
        Assert.Same(firstClock, pool.Assign(new CountingTickable()));
    }

    [Fact]
    public void ReleasedBridgeStopsTicking()
    {
        using var pool = MediaWorkerPool.CreateManual(1);
        var bridge = new CountingTickable();
        var clock = pool.Assign(bridge);
        clock.Advance(1);

        Assert.True(pool.Release(bridge));
        clock.Advance(1);

        Assert.Equal(1, bridge.Count);
        Assert.False(pool.Release(bridge));
    }

    [Fact]
    public void DefaultPoolHasOneWorkerPerCore()
    {
        using var pool = new MediaWorkerPool();
        Assert.Equal(Environment.ProcessorCount, pool.Clocks.Count);
    }
}
