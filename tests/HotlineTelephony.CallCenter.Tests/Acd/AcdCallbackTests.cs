using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Metrics;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>
/// Callback tasks (R-TEL-05): their events in the log, retries of a busy / unanswered dial, a task that survives its
/// agent going away, and voice messages whose stored reference is the one in the log.
/// </summary>
public sealed class AcdCallbackTests
{
    private static QueueDefinition Queue(int maxAttempts = 3, int retrySeconds = 60) => new()
    {
        Id = "q",
        AnnouncePosition = false,
        AnnounceEstimatedWait = false,
        Overflow = new OverflowPolicy { Enabled = false },
        AbandonedReentrySeconds = 10,
        WrapUpSeconds = 0,
        CallbackMaxAttempts = maxAttempts,
        CallbackRetryIntervalSeconds = retrySeconds,
    };

    // A long abandon of 13900000001 becomes task c1:callback once the re-entry window has passed.
    private static async Task<AcdHarness> WithMissedCallTaskAsync(QueueDefinition queue)
    {
        var acd = new AcdHarness(null, queue);
        await acd.ArriveAsync("c1", "q", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        await acd.Call("c1").CallerHungUpAsync();
        await acd.AdvanceAsync(TimeSpan.FromSeconds(11));
        Assert.Equal(["c1:callback"], await acd.Queue("q").GetWaitingOrderAsync());
        return acd;
    }

    private static MetricsSnapshot Recompute(AcdHarness acd, QueueDefinition queue) =>
        MetricsFold.Replay(acd.Events.Snapshot(), new Dictionary<string, QueueDefinition> { ["q"] = queue }, MetricsWindow.Unbounded, acd.Time.GetUtcNow());

    [Fact]
    public async Task R_TEL_05_AcceptedCallbackLogsOfferedAcceptedDialledCompleted()
    {
        var queue = Queue();
        await using var acd = await WithMissedCallTaskAsync(queue);
        await acd.LoginAsync("a1", "q");
        Assert.Equal(1, Recompute(acd, queue).Queues["q"].CallbackTasksPending);

        await acd.AnswerNextRingAsync("a1");

        var callback = acd.Events.Snapshot().Where(e => e.CallId == "c1:callback").Select(e => e.Kind)
            .Where(k => k is >= AcdEventKind.CallbackOffered and <= AcdEventKind.CallbackFailed or AcdEventKind.CallbackDialled or AcdEventKind.CallbackRetryScheduled);
        Assert.Equal([AcdEventKind.CallbackOffered, AcdEventKind.CallbackAccepted, AcdEventKind.CallbackDialled, AcdEventKind.CallbackCompleted], callback);
        Assert.Equal("a1", Assert.Single(acd.EventsOf(AcdEventKind.CallbackOffered)).AgentId);
        Assert.Equal("1", Assert.Single(acd.EventsOf(AcdEventKind.CallbackDialled)).Detail);
        Assert.Equal(CallbackTaskStatus.Completed, (await acd.CallbackTasks.GetAsync("c1:callback"))!.Status);

        await acd.Call("c1:callback").CallerHungUpAsync();
        await acd.SettleAsync();
        var metrics = Recompute(acd, queue).Queues["q"];
        Assert.Equal((1, 1, 0, 0), (metrics.CallbacksCompleted, metrics.CallbackAttempts, metrics.CallbackTasksPending, metrics.CallbacksFailed));
    }

    [Fact]
    public async Task R_TEL_05_BusyCallbackIsRetriedAfterTheIntervalThenClosedAsFailedAfterTheLastAttempt()
    {
        var queue = Queue(maxAttempts: 3, retrySeconds: 60);
        await using var acd = await WithMissedCallTaskAsync(queue);
        acd.Telephony.CallbackDialOutcome = OfferOutcome.Rejected;
        await acd.LoginAsync("a1", "q");
        await acd.AnswerNextRingAsync("a1");

        // Out of the queue until the interval has passed; the agent is free for other work meanwhile.
        Assert.Equal("Rejected", Assert.Single(acd.EventsOf(AcdEventKind.CallbackRetryScheduled)).Detail);
        Assert.Empty(await acd.Queue("q").GetWaitingOrderAsync());
        Assert.Equal(AgentState.Ready, (await acd.Agent("a1").GetSnapshotAsync()).State);
        var stored = await acd.CallbackTasks.GetAsync("c1:callback");
        Assert.Equal((CallbackTaskStatus.Open, 1, "Rejected"), (stored!.Status, stored.Task.Attempts, stored.LastOutcome));
        await acd.AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Empty(acd.Telephony.Rings);

        await acd.AdvanceAsync(TimeSpan.FromSeconds(2));
        await acd.AnswerNextRingAsync("a1");
        acd.Telephony.CallbackDialOutcome = OfferOutcome.NoAnswer;
        await acd.AdvanceAsync(TimeSpan.FromSeconds(61));
        await acd.AnswerNextRingAsync("a1");

        Assert.Equal(["1", "2", "3"], acd.EventsOf(AcdEventKind.CallbackDialled).Select(e => e.Detail));
        Assert.Equal(2, acd.EventsOf(AcdEventKind.CallbackRetryScheduled).Count);
        Assert.Equal("NoAnswer", Assert.Single(acd.EventsOf(AcdEventKind.CallbackFailed)).Detail);
        Assert.Equal(3, acd.Telephony.CallbackDials.Count);
        Assert.Equal(CallDisposition.CallbackFailed, (await acd.Call("c1:callback").GetSnapshotAsync()).Disposition);
        Assert.Equal(CallbackTaskStatus.Failed, (await acd.CallbackTasks.GetAsync("c1:callback"))!.Status);

        // The retries are the same task: created once, three attempts, two retries, closed; the log's contract holds.
        var metrics = Recompute(acd, queue);
        var q = metrics.Queues["q"];
        Assert.Equal((1L, 3L, 2L, 1L, 0), (q.CallbackTasksEntered, q.CallbackAttempts, q.CallbackRetries, q.CallbacksFailed, q.CallbackTasksPending));
        Assert.Equal(0, metrics.ContractViolations);
    }

    [Fact]
    public async Task R_TEL_05_CallbackIsNotLostWhenTheAgentLeavesWhileTheCallerIsDialled()
    {
        var queue = Queue();
        await using var acd = await WithMissedCallTaskAsync(queue);
        var dial = new TaskCompletionSource<OfferOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        acd.Telephony.CallbackDialHandler = _ => dial.Task;
        await acd.LoginAsync("a1", "q");
        await acd.AnswerNextRingAsync("a1");

        // a1 logs out and hangs up before the caller answers: the task is back at its place for another agent.
        await acd.Agent("a1").LogoutAsync();
        await acd.Call("c1:callback").AgentHungUpAsync();
        await acd.SettleAsync();
        dial.SetResult(OfferOutcome.CallGone);
        await acd.SettleAsync();

        Assert.Equal(["c1:callback"], await acd.Queue("q").GetWaitingOrderAsync());
        Assert.Equal("agent-left", Assert.Single(acd.EventsOf(AcdEventKind.CallbackRetryScheduled)).Detail);
        acd.Telephony.CallbackDialHandler = null;
        await acd.LoginAsync("a2", "q");
        await acd.AnswerNextRingAsync("a2");

        Assert.Single(acd.EventsOf(AcdEventKind.CallbackCompleted));
        Assert.Equal("callback-retry", acd.EventsOf(AcdEventKind.CallEnqueued).Last().Detail);
        Assert.Equal(0, Recompute(acd, queue).ContractViolations);
    }

    [Fact]
    public async Task R_TEL_03_VoiceMessageLeftCarriesTheStoredRecordingReference()
    {
        var queue = Queue() with { Overflow = new OverflowPolicy { EstimatedWaitSeconds = 100 } };
        await using var acd = new AcdHarness(null, queue);
        acd.Telephony.Digits["c1"] = "1";
        await acd.ArriveAsync("c1", "q", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(3));

        var left = Assert.Single(acd.EventsOf(AcdEventKind.VoiceMessageLeft));
        var stored = Assert.Single(await acd.VoiceMessages.ListAsync(pendingOnly: true));
        Assert.Equal("voicemail/c1.wav", left.Detail);
        Assert.Equal((left.CallId, left.QueueId, left.Detail), (stored.CallId, stored.QueueId, stored.RecordingPath));
        Assert.Equal("13900000001", stored.CallerNumber);
        Assert.Single(acd.EventsOf(AcdEventKind.VoiceMessageChosen));
        Assert.Equal(1, Recompute(acd, queue).Queues["q"].VoiceMessagesPending);

        Assert.True(await acd.Inbox.HandledAsync("c1", "agent-01"));
        Assert.False(await acd.Inbox.HandledAsync("c1", "agent-01"));

        Assert.Equal("agent-01", Assert.Single(acd.EventsOf(AcdEventKind.VoiceMessageHandled)).Detail);
        var q = Recompute(acd, queue).Queues["q"];
        Assert.Equal((1L, 1L, 1L, 0), (q.VoiceMessagesChosen, q.VoiceMessagesLeft, q.VoiceMessagesHandled, q.VoiceMessagesPending));
        Assert.Empty(await acd.VoiceMessages.ListAsync(pendingOnly: true));
    }

    [Fact]
    public async Task CallerWhoHangsUpBeforeRecordingLeavesNoVoiceMessage()
    {
        var queue = Queue() with { Overflow = new OverflowPolicy { EstimatedWaitSeconds = 100 } };
        await using var acd = new AcdHarness(null, queue);
        acd.Telephony.Digits["c1"] = "1";
        acd.Telephony.RecordedReference = null;
        await acd.ArriveAsync("c1", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(3));

        Assert.Single(acd.EventsOf(AcdEventKind.VoiceMessageChosen));
        Assert.Empty(acd.EventsOf(AcdEventKind.VoiceMessageLeft));
        Assert.Empty(await acd.VoiceMessages.ListAsync(pendingOnly: false));
    }
}
