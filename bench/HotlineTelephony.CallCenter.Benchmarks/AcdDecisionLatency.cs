using System.Diagnostics;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.CallCenter.Benchmarks;

/// <summary>
/// ACD decision latency measured one decision at a time (BenchmarkDotNet averages whole iterations, which hides the
/// tail): with 10,000 agents logged in and 10,000 callers waiting, the time from an agent's SetReadyAsync to the
/// CallOffered the reservation appends; and with 10,000 agents ready, from a call's ArriveAsync to its CallOffered.
/// Real time and the real thread pool; the queue's 1 s tick (announcements) runs meanwhile.
/// Run: dotnet run -c Release -- acd-latency [samples]
/// </summary>
internal static class AcdDecisionLatency
{
    public static async Task RunAsync(int samples)
    {
        Console.WriteLine($"{DateTime.UtcNow:u} {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        await GrainCallOverheadAsync();
        await AgentReadyToReservationAsync(samples);
        foreach (var strategy in new[] { RoutingStrategy.LongestIdle, RoutingStrategy.SkillsFirst })
        {
            await ArrivalToReservationAsync(samples, strategy);
        }
    }

    private static async Task AgentReadyToReservationAsync(int samples)
    {
        const int agents = 10_000, waiting = 10_000;
        await using var bench = new Bench(new QueueDefinition { Id = "q", Overflow = new OverflowPolicy { Enabled = false } });
        for (var i = 0; i < waiting; i++)
        {
            await bench.Runtime.GetGrain<ICallGrain>($"c{i}").ArriveAsync(new CallArrival($"139{i:00000000}", "12345", "q"));
        }

        for (var i = 0; i < agents; i++)
        {
            await bench.Runtime.GetGrain<IAgentGrain>($"a{i}").LoginAsync(Agent(i, 0), "setup");
        }

        await bench.SettleAsync();
        var latencies = new double[Math.Min(samples, agents)];
        for (var i = 0; i < latencies.Length; i++)
        {
            var offered = bench.Events.Expect($"a{i}");
            var start = Stopwatch.GetTimestamp();
            await bench.Runtime.GetGrain<IAgentGrain>($"a{i}").SetReadyAsync();
            latencies[i] = Stopwatch.GetElapsedTime(start, await offered).TotalMilliseconds;
        }

        Report($"agent ready → reservation, {agents:N0} agents, {waiting:N0} waiting", latencies);
    }

    private static async Task ArrivalToReservationAsync(int samples, RoutingStrategy strategy)
    {
        const int agents = 10_000;
        await using var bench = new Bench(new QueueDefinition
        {
            Id = "q",
            Strategy = strategy,
            Skills = [new SkillRequirement("general", 1)],
            Overflow = new OverflowPolicy { Enabled = false },
        });
        for (var i = 0; i < agents; i++)
        {
            await bench.Runtime.GetGrain<IAgentGrain>($"a{i}").LoginAsync(Agent(i, 1 + i % 5));
        }

        await bench.SettleAsync();
        var latencies = new double[Math.Min(samples, agents)];
        for (var i = 0; i < latencies.Length; i++)
        {
            var offered = bench.Events.ExpectCall($"c{i}");
            var start = Stopwatch.GetTimestamp();
            await bench.Runtime.GetGrain<ICallGrain>($"c{i}").ArriveAsync(new CallArrival($"139{i:00000000}", "12345", "q"));
            latencies[i] = Stopwatch.GetElapsedTime(start, await offered).TotalMilliseconds;
        }

        Report($"call arrival → reservation, {agents:N0} ready agents, {strategy}", latencies);
    }

    private static async Task GrainCallOverheadAsync()
    {
        await using var bench = new Bench(new QueueDefinition { Id = "q" });
        var agent = bench.Runtime.GetGrain<IAgentGrain>("probe");
        for (var i = 0; i < 10_000; i++)
        {
            await agent.GetSnapshotAsync();
        }

        const int calls = 200_000;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            await agent.GetSnapshotAsync();
        }

        Console.WriteLine($"grain call round trip (awaited, one caller): {Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls:F2} µs");
    }

    private static AgentDefinition Agent(int i, int level) => new()
    {
        Id = $"a{i}",
        Extension = $"8{i:00000}",
        Queues = ["q"],
        Skills = new Dictionary<string, int> { ["general"] = level },
    };

    private static void Report(string name, double[] latencies)
    {
        Array.Sort(latencies);
        double P(double p) => latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];
        Console.WriteLine($"{name}: n={latencies.Length} p50={P(0.50):F3} ms p90={P(0.90):F3} ms p99={P(0.99):F3} ms max={latencies[^1]:F3} ms");
    }

    private sealed class Bench : IAsyncDisposable
    {
        public Bench(QueueDefinition queue)
        {
            var services = new ServiceCollection()
                .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
                .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
                .AddSingleton<ICallTelephony>(new SilentTelephony())
                .AddSingleton<IAcdEventLog>(Events)
                .AddSingleton<IQueueCatalog>(new InMemoryQueueCatalog([queue]))
                .AddSingleton<ISmsSender, LoggingSmsSender>()
                .BuildServiceProvider();
            Runtime = new GrainRuntime(TimeProvider.System, NullLoggerFactory.Instance, services, AcdGrains.Implementations);
        }

        public GrainRuntime Runtime { get; }

        public OfferWatchingLog Events { get; } = new();

        public async Task SettleAsync()
        {
            while (Runtime.PendingTurns > 0)
            {
                await Task.Delay(10);
            }
        }

        public ValueTask DisposeAsync() => Runtime.DisposeAsync();
    }

    /// <summary>Completes a waiter with the timestamp at which CallOffered was appended for an agent or a call.</summary>
    private sealed class OfferWatchingLog : IAcdEventLog
    {
        private readonly InMemoryAcdEventLog _inner = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<long>> _waiters = new();

        public Task<long> Expect(string agentId) => _waiters.GetOrAdd("a:" + agentId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public Task<long> ExpectCall(string callId) => _waiters.GetOrAdd("c:" + callId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public AcdEvent Append(AcdEvent evt)
        {
            if (evt.Kind == AcdEventKind.CallOffered)
            {
                var now = Stopwatch.GetTimestamp();
                if (_waiters.TryRemove("a:" + evt.AgentId, out var byAgent))
                {
                    byAgent.TrySetResult(now);
                }

                if (_waiters.TryRemove("c:" + evt.CallId, out var byCall))
                {
                    byCall.TrySetResult(now);
                }
            }

            return _inner.Append(evt);
        }

        public ValueTask<IReadOnlyList<AcdEvent>> ReadAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(afterSequence, cancellationToken);
    }

    /// <summary>Agents ring forever and callers never hang up, so every reservation stays in place.</summary>
    private sealed class SilentTelephony : ICallTelephony
    {
        private static readonly Task<OfferOutcome> s_never = new TaskCompletionSource<OfferOutcome>().Task;

        public ValueTask AnnounceAsync(string callId, Announcement announcement, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<OfferOutcome> RingAgentAsync(string callId, string agentId, string extension, TimeSpan ringTimeout, CancellationToken cancellationToken = default) =>
            new(s_never);

        public ValueTask HangUpAsync(string callId, string reason) => ValueTask.CompletedTask;

        public ValueTask<string?> CollectDigitAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);

        public ValueTask<string?> RecordVoiceMessageAsync(string callId, TimeSpan maxDuration, CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);

        public ValueTask<OfferOutcome> DialCallbackAsync(string callId, string callerNumber, string agentId, TimeSpan ringTimeout, CancellationToken cancellationToken = default) =>
            new(s_never);
    }
}
