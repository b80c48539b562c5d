using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Metrics;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>
/// An agent picks a waiting callback task (R-TEL-05) on the desktop: the queue offers it to exactly that agent under
/// the same one-offer-at-a-time rules as its own offers, or says why not.
/// </summary>
public sealed class AcdCallbackPickTests
{
    private const string Task1 = "c1:callback";

    private static QueueDefinition Queue(int maxMisses = 3, int wrapUpSeconds = 0) => new()
    {
        Id = "q",
        AnnouncePosition = false,
        AnnounceEstimatedWait = false,
        Overflow = new OverflowPolicy { Enabled = false },
        AbandonedReentrySeconds = 10,
        WrapUpSeconds = wrapUpSeconds,
        MaxConsecutiveMisses = maxMisses,
    };

    // A long abandon of 13900000001 becomes task c1:callback once the re-entry window has passed; nobody is logged in.
    private static async Task<AcdHarness> WithMissedCallTaskAsync(QueueDefinition queue)
    {
        var acd = new AcdHarness(null, queue);
        await acd.ArriveAsync("c1", queue.Id, caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        await acd.Call("c1").CallerHungUpAsync();
        await acd.AdvanceAsync(TimeSpan.FromSeconds(11));
        Assert.Equal([Task1], await acd.Queue(queue.Id).GetWaitingOrderAsync());
        return acd;
    }

    private static async Task<CallbackPick> PickAsync(AcdHarness acd, string agentId, string taskId = Task1)
    {
        var pick = await acd.Queue("q").OfferChosenCallbackAsync(taskId, agentId);
        await acd.SettleAsync();
        return pick;
    }

    private static MetricsSnapshot Recompute(AcdHarness acd, QueueDefinition queue) =>
        MetricsFold.Replay(acd.Events.Snapshot(), new Dictionary<string, QueueDefinition> { [queue.Id] = queue }, MetricsWindow.Unbounded, acd.Time.GetUtcNow());

    [Fact]
    public async Task R_TEL_05_PickedTaskRingsThatAgentAndAnsweringAcceptsItAndDialsTheCaller()
    {
        var queue = Queue();
        await using var acd = await WithMissedCallTaskAsync(queue);
        await acd.LoginAsync("a1", "q", notReadyReason: "callbacks");

        Assert.Equal(CallbackPick.Offered, await PickAsync(acd, "a1"));

        var ring = acd.Telephony.NextRing();
        Assert.Equal((Task1, "a1"), (ring.CallId, ring.AgentId));
        Assert.Equal(AgentState.Offered, (await acd.Agent("a1").GetSnapshotAsync()).State);
        var offered = Assert.Single(acd.EventsOf(AcdEventKind.CallOffered), e => e.CallId == Task1);
        Assert.Equal(("a1", "q", "chosen"), (offered.AgentId, offered.QueueId, offered.Detail));
        var callbackOffered = Assert.Single(acd.EventsOf(AcdEventKind.CallbackOffered));
        Assert.Equal(("a1", "chosen"), (callbackOffered.AgentId, callbackOffered.Detail));

        ring.Outcome.SetResult(OfferOutcome.Answered);
        await acd.SettleAsync();

        var kinds = acd.Events.Snapshot().Where(e => e.CallId == Task1).Select(e => e.Kind)
            .Where(k => k is AcdEventKind.CallbackOffered or AcdEventKind.CallbackAccepted or AcdEventKind.CallbackDialled or AcdEventKind.CallbackCompleted);
        Assert.Equal([AcdEventKind.CallbackOffered, AcdEventKind.CallbackAccepted, AcdEventKind.CallbackDialled, AcdEventKind.CallbackCompleted], kinds);
        Assert.Equal((Task1, "13900000001"), Assert.Single(acd.Telephony.CallbackDials));
        Assert.Equal(CallbackTaskStatus.Completed, (await acd.CallbackTasks.GetAsync(Task1))!.Status);
        Assert.Empty(await acd.Queue("q").GetWaitingOrderAsync());

        // After the call the agent is not ready again, for the reason it had: one pick does not make it ready.
        await acd.Call(Task1).CallerHungUpAsync();
        await acd.SettleAsync();
        var agent = await acd.Agent("a1").GetSnapshotAsync();
        Assert.Equal((AgentState.NotReady, "callbacks"), (agent.State, agent.NotReadyReason));

        // The log folds exactly as for a task the queue offered by itself.
        var metrics = Recompute(acd, queue);
        var q = metrics.Queues["q"];
        Assert.Equal(0, metrics.ContractViolations);
        Assert.Equal((1L, 1L, 1L, 1L, 0), (q.Offers, q.CallbackTasksAnswered, q.CallbacksCompleted, q.CallbackAttempts, q.CallbackTasksPending));
        Assert.Equal(1, metrics.Agents.NotReady);
    }

    [Fact]
    public async Task R_TEL_05_TwoAgentsPickingOneTaskAtOnceExactlyOneIsRungAndTheQueueOffersItToNobodyElse()
    {
        var queue = Queue();
        await using var acd = await WithMissedCallTaskAsync(queue);
        await acd.LoginAsync("a1", "q", notReadyReason: "callbacks");
        await acd.LoginAsync("a2", "q", notReadyReason: "callbacks");

        var picks = await Task.WhenAll(
            acd.Queue("q").OfferChosenCallbackAsync(Task1, "a1"),
            acd.Queue("q").OfferChosenCallbackAsync(Task1, "a2"));
        await acd.SettleAsync();

        Assert.Equal(1, picks.Count(p => p == CallbackPick.Offered));
        Assert.Equal(1, picks.Count(p => p == CallbackPick.TaskOffered));
        var winner = picks[0] == CallbackPick.Offered ? "a1" : "a2";
        var loser = winner == "a1" ? "a2" : "a1";
        var loserState = await acd.Agent(loser).GetSnapshotAsync();
        Assert.Equal((AgentState.NotReady, "callbacks"), (loserState.State, loserState.NotReadyReason));

        // A ready agent arriving while the winner's phone rings is not offered the task as well.
        await acd.LoginAsync("a3", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(2));
        var ring = Assert.Single(acd.Telephony.Rings);
        Assert.Equal((Task1, winner), (ring.CallId, ring.AgentId));
        Assert.Equal(AgentState.Ready, (await acd.Agent("a3").GetSnapshotAsync()).State);
        Assert.Single(acd.EventsOf(AcdEventKind.CallOffered), e => e.CallId == Task1);
        Assert.Equal(CallbackPick.TaskOffered, await PickAsync(acd, "a3"));
        Assert.Single(acd.Telephony.Rings);
    }

    [Fact]
    public async Task R_TEL_05_PickedTaskNotAnsweredGoesBackAtItsPlaceAndTheMissCounts()
    {
        var queue = Queue(maxMisses: 1);
        await using var acd = await WithMissedCallTaskAsync(queue);
        await acd.ArriveAsync("c2", "q");
        Assert.Equal([Task1, "c2"], await acd.Queue("q").GetWaitingOrderAsync());
        await acd.LoginAsync("a1", "q", notReadyReason: "callbacks");

        Assert.Equal(CallbackPick.Offered, await PickAsync(acd, "a1"));
        await acd.AnswerNextRingAsync("a1", OfferOutcome.NoAnswer);

        // Ring-no-answer as for any offer: counted, and after MaxConsecutiveMisses the agent is not ready ("missed").
        Assert.Equal([Task1, "c2"], await acd.Queue("q").GetWaitingOrderAsync());
        Assert.Equal("1", Assert.Single(acd.EventsOf(AcdEventKind.OfferMissed)).Detail);
        Assert.Single(acd.EventsOf(AcdEventKind.AgentMissedTooMany));
        var a1 = await acd.Agent("a1").GetSnapshotAsync();
        Assert.Equal((AgentState.NotReady, "missed"), (a1.State, a1.NotReadyReason));

        // The task kept its place: the next ready agent gets it before c2, who arrived later.
        await acd.LoginAsync("a2", "q");
        var ring = acd.Telephony.NextRing();
        Assert.Equal((Task1, "a2"), (ring.CallId, ring.AgentId));
        Assert.Equal(0, Recompute(acd, queue).ContractViolations);
    }

    [Fact]
    public async Task PickIsRefusedWithTheReasonAndOffersNothing()
    {
        var queue = Queue(wrapUpSeconds: 60);
        await using var acd = await WithMissedCallTaskAsync(queue);

        // Unknown task, and an agent the queue has not seen logged in.
        Assert.Equal(CallbackPick.TaskNotWaiting, await PickAsync(acd, "a1", "nope:callback"));
        Assert.Equal(CallbackPick.AgentLoggedOut, await PickAsync(acd, "a1"));

        // An ordinary waiting caller is not a callback task: it cannot be picked. (A 110 transfer: ahead of the task.)
        await acd.ArriveAsync("c2", "q", priority: CallPriority.TransferFrom110);
        Assert.Equal(CallbackPick.TaskNotWaiting, await PickAsync(acd, "a1", "c2"));

        // a1 takes c2 (the queue's offer), then is on the call, then in wrap-up: busy each time.
        await acd.LoginAsync("a1", "q");
        var ring = acd.Telephony.NextRing();
        Assert.Equal(("c2", "a1"), (ring.CallId, ring.AgentId));
        Assert.Equal(CallbackPick.AgentBusy, await PickAsync(acd, "a1"));
        ring.Outcome.SetResult(OfferOutcome.Answered);
        await acd.SettleAsync();
        Assert.Equal(CallbackPick.AgentBusy, await PickAsync(acd, "a1"));
        await acd.Call("c2").CallerHungUpAsync();
        await acd.SettleAsync();
        Assert.Equal(AgentState.WrapUp, (await acd.Agent("a1").GetSnapshotAsync()).State);
        Assert.Equal(CallbackPick.AgentInWrapUp, await PickAsync(acd, "a1"));

        Assert.Empty(acd.Telephony.Rings);
        Assert.Empty(acd.EventsOf(AcdEventKind.CallbackOffered));
        Assert.Equal([Task1], await acd.Queue("q").GetWaitingOrderAsync());
        Assert.Equal(0, Recompute(acd, queue).ContractViolations);
    }

    [Fact]
    public async Task AgentBelowTheQueuesSkillLevelCannotPickItsTask()
    {
        var queue = Queue() with { Id = "law", Skills = [new SkillRequirement("law", 3)] };
        await using var acd = new AcdHarness(null, queue);
        await acd.ArriveAsync("c1", "law", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        await acd.Call("c1").CallerHungUpAsync();
        await acd.AdvanceAsync(TimeSpan.FromSeconds(11));
        await acd.LoginAsync("novice", "law", new Dictionary<string, int> { ["law"] = 1 }, notReadyReason: "callbacks");
        await acd.LoginAsync("expert", "law", new Dictionary<string, int> { ["law"] = 4 }, notReadyReason: "callbacks");

        Assert.Equal(CallbackPick.AgentLacksSkills, await acd.Queue("law").OfferChosenCallbackAsync(Task1, "novice"));
        Assert.Equal(CallbackPick.Offered, await acd.Queue("law").OfferChosenCallbackAsync(Task1, "expert"));
        await acd.SettleAsync();
        Assert.Equal("expert", Assert.Single(acd.Telephony.Rings).AgentId);
    }

    [Fact]
    public async Task TaskBeingDialledCannotBePickedAgainAndARepeatedPickOfTheRungAgentIsNoError()
    {
        var queue = Queue();
        await using var acd = await WithMissedCallTaskAsync(queue);
        var dial = new TaskCompletionSource<OfferOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        acd.Telephony.CallbackDialHandler = _ => dial.Task;
        await acd.LoginAsync("a1", "q", notReadyReason: "callbacks");
        await acd.LoginAsync("a2", "q", notReadyReason: "callbacks");

        Assert.Equal(CallbackPick.Offered, await PickAsync(acd, "a1"));
        Assert.Equal(CallbackPick.Offered, await PickAsync(acd, "a1"));
        Assert.Single(acd.Telephony.Rings);
        await acd.AnswerNextRingAsync("a1");

        Assert.Equal(CallbackPick.TaskNotWaiting, await PickAsync(acd, "a2"));
        Assert.Single(acd.EventsOf(AcdEventKind.CallbackOffered));
        dial.SetResult(OfferOutcome.Answered);
        await acd.SettleAsync();
        Assert.Single(acd.EventsOf(AcdEventKind.CallbackCompleted));
    }
}
