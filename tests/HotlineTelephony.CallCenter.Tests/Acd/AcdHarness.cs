using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.CallCenter.VoiceMessages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>Grain runtime with the ACD grains, a fake telephony, an in-memory event log and (by default) fake time.</summary>
public sealed class AcdHarness : IAsyncDisposable
{
    public AcdHarness(TimeProvider? time = null, params QueueDefinition[] queues)
        : this(time, null, null, queues)
    {
    }

    /// <summary>With the given stores (a SQLite store for restart tests); in-memory stores when null.</summary>
    public AcdHarness(TimeProvider? time, ICallbackTaskStore? callbackTasks, IVoiceMessageStore? voiceMessages, params QueueDefinition[] queues)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        Catalog = new InMemoryQueueCatalog(queues);
        CallbackTasks = callbackTasks ?? new InMemoryCallbackTaskStore();
        VoiceMessages = voiceMessages ?? new InMemoryVoiceMessageStore();
        Inbox = new VoiceMessageInbox(VoiceMessages, Events, Time);
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton<ICallTelephony>(Telephony)
            .AddSingleton<IAcdEventLog>(Events)
            .AddSingleton<IQueueCatalog>(Catalog)
            .AddSingleton<ISmsSender>(Sms)
            .AddSingleton(CallbackTasks)
            .AddSingleton(Inbox)
            .BuildServiceProvider();
        Runtime = new GrainRuntime(Time, NullLoggerFactory.Instance, services, AcdGrains.Implementations);
    }

    public TimeProvider Time { get; }

    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    public InMemoryQueueCatalog Catalog { get; }

    public FakeTelephony Telephony { get; } = new();

    public InMemoryAcdEventLog Events { get; } = new();

    public RecordingSmsSender Sms { get; } = new();

    public ICallbackTaskStore CallbackTasks { get; }

    public IVoiceMessageStore VoiceMessages { get; }

    public VoiceMessageInbox Inbox { get; }

    public GrainRuntime Runtime { get; }

    public IAgentGrain Agent(string id) => Runtime.GetGrain<IAgentGrain>(id);

    public IQueueGrain Queue(string id) => Runtime.GetGrain<IQueueGrain>(id);

    public ICallGrain Call(string id) => Runtime.GetGrain<ICallGrain>(id);

    public async Task LoginAsync(string agentId, string queueId, IReadOnlyDictionary<string, int>? skills = null, string? notReadyReason = null)
    {
        await Agent(agentId).LoginAsync(new AgentDefinition
        {
            Id = agentId,
            Extension = "8" + agentId,
            Queues = [queueId],
            Skills = skills ?? new Dictionary<string, int>(),
        }, notReadyReason);
        await SettleAsync();
    }

    public async Task ArriveAsync(string callId, string queueId, string caller = "", int priority = CallPriority.Normal, string? incident = null)
    {
        await Call(callId).ArriveAsync(new CallArrival(caller.Length > 0 ? caller : "1380000" + callId, "12345", queueId, priority, incident));
        await SettleAsync();
    }

    /// <summary>Advances fake time one second at a time (so per-second queue ticks all run), settling after each.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        for (var t = TimeSpan.Zero; t < by; t += TimeSpan.FromSeconds(1))
        {
            FakeTime.Advance(by - t < TimeSpan.FromSeconds(1) ? by - t : TimeSpan.FromSeconds(1));
            await SettleAsync();
        }
    }

    /// <summary>Waits until no grain has a turn queued or running (one-way messages have all been handled).</summary>
    public async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var quiet = 0;
        while (quiet < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "The grains did not settle within 10 s.");
            quiet = Runtime.PendingTurns == 0 ? quiet + 1 : 0;
            await Task.Delay(1);
        }
    }

    public async Task AnswerNextRingAsync(string expectedAgent, OfferOutcome outcome = OfferOutcome.Answered)
    {
        var ring = Telephony.NextRing();
        Assert.Equal(expectedAgent, ring.AgentId);
        ring.Outcome.SetResult(outcome);
        await SettleAsync();
    }

    public IReadOnlyList<AcdEvent> EventsOf(AcdEventKind kind) => [.. Events.Snapshot().Where(e => e.Kind == kind)];

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();
}

public sealed class RecordingSmsSender : ISmsSender
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Sent { get; } = new();

    public ValueTask SendOnlineChannelLinkAsync(string callId, string callerNumber, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(callerNumber);
        return ValueTask.CompletedTask;
    }
}
