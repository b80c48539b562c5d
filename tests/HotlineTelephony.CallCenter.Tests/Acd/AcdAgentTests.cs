using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Acd;

public sealed class AcdAgentTests
{
    [Fact]
    public async Task RingNoAnswerKeepsTheCallerAtTheHeadForTheNextFreeAgent()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", MaxConsecutiveMisses = 3 });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");
        await acd.ArriveAsync("c2", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(1));
        await acd.LoginAsync("a2", "q");
        Assert.Equal(("c1", "a1"), (acd.Telephony.Rings.First().CallId, acd.Telephony.Rings.First().AgentId));
        Assert.Equal(("c2", "a2"), (acd.Telephony.Rings.Last().CallId, acd.Telephony.Rings.Last().AgentId));

        await acd.AnswerNextRingAsync("a1", OfferOutcome.NoAnswer);

        Assert.Equal(["c1", "c2"], await acd.Queue("q").GetWaitingOrderAsync());
        var missed = Assert.Single(acd.EventsOf(AcdEventKind.OfferMissed));
        Assert.Equal(("c1", "a1", "1"), (missed.CallId, missed.AgentId, missed.Detail));

        // a1 is ready again and the only free agent: c1 (still at the head) goes to it before c2 could.
        var ring = acd.Telephony.NextRing();
        Assert.Equal("c2", ring.CallId);
        ring = acd.Telephony.NextRing();
        Assert.Equal(("c1", "a1"), (ring.CallId, ring.AgentId));
    }

    [Fact]
    public async Task AgentIsSetNotReadyAfterMaxConsecutiveMisses()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", MaxConsecutiveMisses = 2 });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");

        await acd.AnswerNextRingAsync("a1", OfferOutcome.NoAnswer);
        Assert.Equal(AgentState.Offered, (await acd.Agent("a1").GetSnapshotAsync()).State);
        await acd.AnswerNextRingAsync("a1", OfferOutcome.Rejected);

        var agent = await acd.Agent("a1").GetSnapshotAsync();
        Assert.Equal((AgentState.NotReady, "missed", 2), (agent.State, agent.NotReadyReason, agent.ConsecutiveMisses));
        Assert.Equal("2", Assert.Single(acd.EventsOf(AcdEventKind.AgentMissedTooMany)).Detail);
        Assert.Equal(["c1"], await acd.Queue("q").GetWaitingOrderAsync());
        Assert.Equal(AgentState.NotReady, AgentEventState("a1", acd));
    }

    [Fact]
    public async Task AnAgentBackFromMissedNotReadyGetsTheFullMissAllowanceAgain()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", MaxConsecutiveMisses = 2 });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");
        await acd.AnswerNextRingAsync("a1", OfferOutcome.NoAnswer);
        await acd.AnswerNextRingAsync("a1", OfferOutcome.NoAnswer);
        Assert.Equal(AgentState.NotReady, (await acd.Agent("a1").GetSnapshotAsync()).State);

        await acd.Agent("a1").SetReadyAsync();
        await acd.SettleAsync();
        await acd.AnswerNextRingAsync("a1", OfferOutcome.NoAnswer);

        var agent = await acd.Agent("a1").GetSnapshotAsync();
        Assert.Equal((AgentState.Offered, 1), (agent.State, agent.ConsecutiveMisses));
        Assert.Single(acd.EventsOf(AcdEventKind.AgentMissedTooMany));
    }

    [Fact]
    public async Task WrapUpTimerReturnsTheAgentToReady()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", WrapUpSeconds = 10 });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");
        await acd.AnswerNextRingAsync("a1");
        Assert.Equal(AgentState.Talking, (await acd.Agent("a1").GetSnapshotAsync()).State);

        await acd.Call("c1").CallerHungUpAsync();
        await acd.SettleAsync();
        await acd.ArriveAsync("c2", "q");

        var wrapUp = await acd.Agent("a1").GetSnapshotAsync();
        Assert.Equal(AgentState.WrapUp, wrapUp.State);
        Assert.Equal(acd.Time.GetUtcNow().AddSeconds(10), wrapUp.WrapUpUntil);
        Assert.True(acd.Telephony.Rings.IsEmpty);

        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(("c2", "a1"), (acd.Telephony.Rings.Single().CallId, acd.Telephony.Rings.Single().AgentId));
        var kinds = acd.Events.Snapshot().Where(e => e.AgentId == "a1").Select(e => e.Kind).ToArray();
        Assert.Equal(
            [AcdEventKind.AgentLoggedIn, AcdEventKind.AgentReady, AcdEventKind.CallOffered, AcdEventKind.OfferAnswered,
             AcdEventKind.AgentWrapUpStarted, AcdEventKind.CallEnded, AcdEventKind.AgentWrapUpEnded, AcdEventKind.AgentReady, AcdEventKind.CallOffered],
            kinds);
        Assert.Equal(CallDisposition.Answered, (await acd.Call("c1").GetSnapshotAsync()).Disposition);
    }

    [Fact]
    public async Task CallerHangingUpWhileTheAgentRingsCancelsTheOfferAndFreesTheAgent()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q" });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(8));

        await acd.Call("c1").CallerHungUpAsync();
        await acd.SettleAsync();

        Assert.Equal(AgentState.Ready, (await acd.Agent("a1").GetSnapshotAsync()).State);
        Assert.Equal(OfferOutcome.CallGone, await acd.Telephony.NextRing().Outcome.Task);
        Assert.Single(acd.EventsOf(AcdEventKind.OfferCancelled));
        Assert.Equal("long", Assert.Single(acd.EventsOf(AcdEventKind.CallAbandoned)).Detail);
        Assert.Equal(CallDisposition.Abandoned, Assert.Single(acd.EventsOf(AcdEventKind.CallEnded)).Detail);
        Assert.Equal(AgentState.Ready, AgentEventState("a1", acd));
    }

    [Fact]
    public async Task NotReadyRequestedDuringACallAppliesWhenTheCallEnds()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", WrapUpSeconds = 0 });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");
        await acd.AnswerNextRingAsync("a1");

        await acd.Agent("a1").SetNotReadyAsync("lunch");
        Assert.Equal(AgentState.Talking, (await acd.Agent("a1").GetSnapshotAsync()).State);
        await acd.Call("c1").AgentHungUpAsync();
        await acd.SettleAsync();

        var agent = await acd.Agent("a1").GetSnapshotAsync();
        Assert.Equal((AgentState.NotReady, "lunch"), (agent.State, agent.NotReadyReason));
        Assert.Equal(AgentState.NotReady, AgentEventState("a1", acd));
    }

    [Fact]
    public async Task AgentRefusesEveryOtherReservationWhileOffered()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q" }, new QueueDefinition { Id = "q2" });
        await acd.Agent("a1").LoginAsync(new AgentDefinition { Id = "a1", Extension = "801", Queues = ["q", "q2"] });

        // Both queues first answer the agent's arbitration round (nobody waits), after which either may reserve it.
        await acd.SettleAsync();
        Assert.True(await acd.Agent("a1").TryReserveAsync("c1", "q"));
        Assert.False(await acd.Agent("a1").TryReserveAsync("c2", "q2"));
        Assert.False(await acd.Agent("a1").TryReserveAsync("c1", "q"));
        Assert.False(await acd.Agent("a1").OfferAnsweredAsync("c2"));

        var agent = await acd.Agent("a1").GetSnapshotAsync();
        Assert.Equal((AgentState.Offered, "c1", "q"), (agent.State, agent.CallId, agent.QueueId));
        await acd.SettleAsync();
    }

    [Fact]
    public async Task RingThatTheTelephonyNeverReportsCountsAsNoAnswerAfterTheRingTimeout()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", RingTimeoutSeconds = 15, MaxConsecutiveMisses = 3, Overflow = new OverflowPolicy { Enabled = false } });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");
        var ring = acd.Telephony.NextRing();

        await acd.AdvanceAsync(TimeSpan.FromSeconds(21));

        Assert.Equal(OfferOutcome.CallGone, await ring.Outcome.Task);
        Assert.Equal("a1", Assert.Single(acd.EventsOf(AcdEventKind.OfferMissed)).AgentId);
        Assert.Equal(("c1", "a1"), (acd.Telephony.NextRing().CallId, "a1"));
        Assert.Equal(["c1"], await acd.Queue("q").GetWaitingOrderAsync());
    }

    [Fact]
    public async Task LogoutRequestedDuringACallAppliesWhenTheCallEnds()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", WrapUpSeconds = 10 });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");
        await acd.AnswerNextRingAsync("a1");

        await acd.Agent("a1").LogoutAsync();
        await acd.Call("c1").CallerHungUpAsync();
        await acd.SettleAsync();

        Assert.Equal(AgentState.LoggedOut, (await acd.Agent("a1").GetSnapshotAsync()).State);
        Assert.Equal(AcdEventKind.AgentLoggedOut, acd.Events.Snapshot().Last(e => e.AgentId == "a1" && e.Kind != AcdEventKind.CallEnded).Kind);
        Assert.DoesNotContain((await acd.Queue("q").GetSnapshotAsync()).AgentsByState.Values, n => n > 0);
    }

    /// <summary>The agent state the event log gives: the state of the agent's last state-changing event.</summary>
    internal static AgentState AgentEventState(string agentId, AcdHarness acd)
    {
        var state = AgentState.LoggedOut;
        foreach (var e in acd.Events.Snapshot().Where(e => e.AgentId == agentId))
        {
            state = e.Kind switch
            {
                AcdEventKind.AgentLoggedIn or AcdEventKind.AgentLoggedOut => AgentState.LoggedOut,
                AcdEventKind.AgentReady or AcdEventKind.AgentWrapUpEnded => e.Kind == AcdEventKind.AgentReady ? AgentState.Ready : state,
                AcdEventKind.AgentNotReady => AgentState.NotReady,
                AcdEventKind.CallOffered => AgentState.Offered,
                AcdEventKind.OfferAnswered => AgentState.Talking,
                AcdEventKind.AgentWrapUpStarted => AgentState.WrapUp,
                _ => state,
            };
        }

        return state;
    }
}
