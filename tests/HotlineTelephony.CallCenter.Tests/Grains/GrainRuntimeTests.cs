using HotlineTelephony.CallCenter.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.CallCenter.Tests.Grains;

public sealed class GrainRuntimeTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly GrainProbe _probe = new();
    private readonly GrainRuntime _runtime;

    public GrainRuntimeTests()
    {
        var services = new ServiceCollection().AddSingleton(_probe).BuildServiceProvider();
        _runtime = new GrainRuntime(
            _time,
            NullLoggerFactory.Instance,
            services,
            new Dictionary<Type, Type> { [typeof(ICounterGrain)] = typeof(CounterGrain) },
            new GrainRuntimeOptions
            {
                ResponseTimeout = TimeSpan.FromSeconds(30),
                IdleDeactivation = TimeSpan.FromMinutes(1),
                IdleSweepInterval = TimeSpan.FromSeconds(30),
            });
    }

    public ValueTask DisposeAsync() => _runtime.DisposeAsync();

    [Fact]
    public async Task TurnsNeverOverlapWhenOneGrainIsHammeredFromManyThreads()
    {
        var grain = _runtime.GetGrain<ICounterGrain>("hammered");
        const int threads = 8, callsPerThread = 2_000;

        await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
        {
            var calls = new Task[callsPerThread];
            for (var i = 0; i < callsPerThread; i++)
            {
                calls[i] = grain.IncrementAsync();
            }

            await Task.WhenAll(calls);
        })));

        Assert.Equal(threads * callsPerThread, await grain.GetAsync());
        Assert.Equal(0, _probe.Overlaps);
        Assert.Equal(1, _probe.Activations);
    }

    [Fact]
    public async Task ReferencesToOneKeyReachOneActivationAndSeeTheirKey()
    {
        // References are cheap and not cached (a cache held one per call id until the idle sweep).
        var first = _runtime.GetGrain<ICounterGrain>("a");
        var second = _runtime.GetGrain<ICounterGrain>("a");
        await first.IncrementAsync();
        await second.IncrementAsync();

        Assert.Equal(2, await first.GetAsync());
        Assert.Equal(0, await _runtime.GetGrain<ICounterGrain>("b").GetAsync());
        Assert.Equal("a", await first.KeyAsync());
        Assert.Equal(2, _probe.Activations); // "a" once, "b" once
    }

    [Fact]
    public async Task OneWayCallReturnsBeforeTheGrainHasRunIt()
    {
        var grain = _runtime.GetGrain<ICounterGrain>("one-way");

        var sent = grain.NotifyAsync(5);

        Assert.True(sent.IsCompletedSuccessfully);
        var read = grain.GetAsync().AsTask();
        Assert.False(read.IsCompleted);
        _probe.Gate.SetResult();
        Assert.Equal(5, await read);
    }

    [Fact]
    public async Task TimerTicksRunAsTurnsBetweenCalls()
    {
        var grain = _runtime.GetGrain<ICounterGrain>("timer");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1));

        var calls = new List<Task>();
        for (var i = 0; i < 200; i++)
        {
            calls.Add(grain.IncrementAsync());
            _time.Advance(TimeSpan.FromSeconds(1));

            // Let the tick's turn run before the next tick so none is skipped.
            await grain.GetAsync();
        }

        await Task.WhenAll(calls);
        Assert.Equal(400, await grain.GetAsync());
        Assert.Equal(0, _probe.Overlaps);
    }

    [Fact]
    public async Task ReminderReactivatesADeactivatedGrain()
    {
        var grain = _runtime.GetGrain<ICounterGrain>("reminded");
        await grain.StartReminderAsync(TimeSpan.FromMinutes(5));
        await grain.DeactivateAsync();
        await Eventually(() => _probe.Deactivations == 1 && _runtime.ActivationCount == 0);

        _time.Advance(TimeSpan.FromMinutes(5));

        await Eventually(() => _probe.Reminders == 1);
        Assert.Equal(2, _probe.Activations);
    }

    [Fact]
    public async Task IdleGrainIsDeactivatedAndReactivatedOnItsNextCall()
    {
        var grain = _runtime.GetGrain<ICounterGrain>("idle");
        await grain.IncrementAsync();

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, _probe.Deactivations);

        // Each sweep finds the grain idle once its last turn's pump has let go; keep sweeping until then.
        await Eventually(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            return _probe.Deactivations == 1;
        });
        Assert.Equal(0, await grain.GetAsync());
        Assert.Equal(2, _probe.Activations);
    }

    [Fact]
    public async Task CallThatOutlivesTheResponseTimeoutFailsNamingGrainKeyAndMethod()
    {
        var grain = _runtime.GetGrain<ICounterGrain>("stuck");
        var call = grain.WaitForGateAsync();

        _time.Advance(TimeSpan.FromSeconds(31));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains(nameof(CounterGrain), ex.Message);
        Assert.Contains("'stuck'", ex.Message);
        Assert.Contains("ICounterGrain.WaitForGateAsync", ex.Message);
        _probe.Gate.SetResult();
    }

    [Fact]
    public async Task ExceptionThrownByGrainCodeReachesTheCaller()
    {
        var grain = _runtime.GetGrain<ICounterGrain>("failing");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await grain.FailAsync());

        Assert.Equal("boom", ex.Message);
        await grain.IncrementAsync();
        Assert.Equal(1, await grain.GetAsync());
    }

    [Fact]
    public async Task GrainCallsOtherGrainsThroughItsFactory()
    {
        await _runtime.GetGrain<ICounterGrain>("other").IncrementAsync();
        Assert.Equal(1, await _runtime.GetGrain<ICounterGrain>("caller").CallOtherAsync("other"));
    }

    [Fact]
    public async Task CallsQueuedBehindADeactivationReachAFreshActivation()
    {
        var grain = _runtime.GetGrain<ICounterGrain>("handover");
        await grain.IncrementAsync();

        var deactivate = grain.DeactivateAsync();
        var after = Enumerable.Range(0, 100).Select(_ => grain.IncrementAsync()).ToArray();
        await deactivate;
        await Task.WhenAll(after);

        Assert.Equal(100, await grain.GetAsync());
        Assert.Equal(2, _probe.Activations);
        Assert.Equal(1, _probe.Deactivations);
    }

    [Fact]
    public async Task RemindersInTheStoreAreScheduledWhenANewRuntimeStarts()
    {
        var store = new InMemoryReminderStore();
        var id = new GrainId(typeof(CounterGrain).FullName!, "restarted");
        await store.UpsertAsync(new ReminderEntry(id, "tick", _time.GetUtcNow().AddMinutes(1), TimeSpan.FromMinutes(1)));
        var services = new ServiceCollection().AddSingleton(_probe).BuildServiceProvider();
        await using var restarted = new GrainRuntime(_time, NullLoggerFactory.Instance, services,
            new Dictionary<Type, Type> { [typeof(ICounterGrain)] = typeof(CounterGrain) }, reminderStore: store);

        await restarted.StartAsync();
        _time.Advance(TimeSpan.FromMinutes(1));

        await Eventually(() => _probe.Reminders == 1);
        Assert.Equal(1, restarted.ActivationCount);
    }

    [Fact]
    public async Task DisposingTheRuntimeDeactivatesEveryGrain()
    {
        for (var i = 0; i < 10; i++)
        {
            await _runtime.GetGrain<ICounterGrain>($"g{i}").IncrementAsync();
        }

        await _runtime.DisposeAsync();

        Assert.Equal(10, _probe.Deactivations);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _runtime.GetGrain<ICounterGrain>("late").IncrementAsync());
    }

    // Waits for thread-pool work to finish, not for time to pass: fake time has already been advanced.
    internal static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not reached within 10 s of real time.");
            await Task.Delay(5);
        }
    }
}
