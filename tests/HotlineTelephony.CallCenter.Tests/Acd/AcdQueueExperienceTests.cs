using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Acd;

public sealed class AcdQueueExperienceTests
{
    private static QueueDefinition Quiet(string id = "q") => new()
    {
        Id = id,
        AnnouncePosition = false,
        AnnounceEstimatedWait = false,
        Overflow = new OverflowPolicy { Enabled = false },
    };

    [Fact]
    public async Task PositionAnnouncementsSkipTheHeadCallerWhileItsAgentRings()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", AnnounceEverySeconds = 30, RingTimeoutSeconds = 60, Overflow = new OverflowPolicy { Enabled = false } });
        await acd.LoginAsync("a1", "q");
        await acd.ArriveAsync("c1", "q");
        await acd.ArriveAsync("c2", "q");
        await acd.ArriveAsync("c3", "q");
        Assert.Equal("c1", acd.Telephony.Rings.Single().CallId);

        await acd.AdvanceAsync(TimeSpan.FromSeconds(30));

        var announced = acd.Telephony.Announcements.Select(a => (a.CallId, a.Announcement.Kind, a.Announcement.Position)).OrderBy(a => a.CallId).ToArray();
        Assert.Equal([("c2", AnnouncementKind.QueuePosition, 2), ("c3", AnnouncementKind.QueuePosition, 3)], announced);

        // One agent, the initial 180 s handle time: EWT = p × 180 s.
        Assert.Equal(TimeSpan.FromSeconds(360), acd.Telephony.Announcements.Single(a => a.CallId == "c2").Announcement.EstimatedWait);
        Assert.DoesNotContain(acd.EventsOf(AcdEventKind.PositionAnnounced), e => e.CallId == "c1");
    }

    [Theory]
    [InlineData("1", AcdEventKind.VoiceMessageChosen, CallDisposition.VoiceMessage)]
    [InlineData("2", AcdEventKind.CallbackRequested, CallDisposition.CallbackRequested)]
    [InlineData("3", AcdEventKind.SmsLinkSent, CallDisposition.SmsLink)]
    public async Task R_TEL_03_OverflowOfferIsPlayedOnceAndTheKeyDivertsTheCaller(string key, AcdEventKind diverted, string disposition)
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", Overflow = new OverflowPolicy { EstimatedWaitSeconds = 120 } });
        acd.Telephony.Digits["c1"] = key;
        await acd.ArriveAsync("c1", "q", caller: "13900000001");

        await acd.AdvanceAsync(TimeSpan.FromSeconds(3));

        Assert.Single(acd.EventsOf(AcdEventKind.OverflowOffered));
        Assert.Single(acd.Telephony.Announcements, a => a.Announcement.Kind == AnnouncementKind.OverflowOffer);
        Assert.Equal("c1", Assert.Single(acd.EventsOf(diverted)).CallId);
        Assert.Equal(disposition, Assert.Single(acd.EventsOf(AcdEventKind.CallEnded)).Detail);
        Assert.Empty(await acd.Queue("q").GetWaitingOrderAsync().ContinueWith(t => t.Result.Where(id => id == "c1").ToList()));
        Assert.Equal(1, (await acd.Queue("q").GetSnapshotAsync()).Diverted);
        Assert.Contains("c1", acd.Telephony.HangUps);
        if (key == "1")
        {
            Assert.Equal("c1", Assert.Single(acd.Telephony.VoiceMessages));
        }
        else if (key == "3")
        {
            Assert.Equal("13900000001", Assert.Single(acd.Sms.Sent));
        }
    }

    [Fact]
    public async Task OverflowOfferWithoutAKeyLeavesTheCallerWaitingAndIsNotRepeated()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", Overflow = new OverflowPolicy { EstimatedWaitSeconds = 120 } });
        await acd.ArriveAsync("c1", "q");

        await acd.AdvanceAsync(TimeSpan.FromSeconds(65));

        Assert.Single(acd.EventsOf(AcdEventKind.OverflowOffered));
        Assert.Equal(["c1"], await acd.Queue("q").GetWaitingOrderAsync());
    }

    [Fact]
    public async Task R_TEL_04_CallbackChosenFromTheOverflowOfferKeepsTheCallersPlace()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q", Overflow = new OverflowPolicy { EstimatedWaitSeconds = 100 }, AnnouncePosition = false, AnnounceEstimatedWait = false });
        acd.Telephony.Digits["c1"] = "2";
        await acd.ArriveAsync("c1", "q", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(1));
        await acd.ArriveAsync("c2", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(["c1:callback", "c2"], await acd.Queue("q").GetWaitingOrderAsync());
        Assert.Equal("callback", Assert.Single(acd.EventsOf(AcdEventKind.CallEnqueued), e => e.CallId == "c1:callback").Detail);

        await acd.LoginAsync("a1", "q");
        await acd.AnswerNextRingAsync("a1");

        Assert.Equal(("c1:callback", "13900000001"), acd.Telephony.CallbackDials.Single());
        Assert.Single(acd.EventsOf(AcdEventKind.CallbackCompleted));
        await acd.Call("c1:callback").CallerHungUpAsync();
        await acd.SettleAsync();
        Assert.Equal(CallDisposition.CallbackCompleted, (await acd.Call("c1:callback").GetSnapshotAsync()).Disposition);
    }

    [Fact]
    public async Task AbandonedCallerWhoCallsAgainWithinTheWindowGetsTheOldPlace()
    {
        await using var acd = new AcdHarness(null, Quiet() with { AbandonedReentrySeconds = 60 });
        await acd.ArriveAsync("c1", "q", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(5));
        await acd.ArriveAsync("c2", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(5));
        await acd.Call("c1").CallerHungUpAsync();
        await acd.AdvanceAsync(TimeSpan.FromSeconds(20));

        await acd.ArriveAsync("c1-again", "q", caller: "13900000001");

        Assert.Equal(["c1-again", "c2"], await acd.Queue("q").GetWaitingOrderAsync());
        Assert.Equal("reentry", Assert.Single(acd.EventsOf(AcdEventKind.CallEnqueued), e => e.CallId == "c1-again").Detail);

        // The caller got through again, so no missed-call callback follows the window.
        await acd.AdvanceAsync(TimeSpan.FromSeconds(70));
        Assert.DoesNotContain(acd.EventsOf(AcdEventKind.CallEnqueued), e => e.Detail == "callback");
    }

    [Fact]
    public async Task CallerWhoCallsAgainAfterTheWindowJoinsAtTheBack()
    {
        await using var acd = new AcdHarness(null, Quiet() with { AbandonedReentrySeconds = 10, ShortAbandonSeconds = 5 });
        await acd.ArriveAsync("c1", "q", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(2));
        await acd.Call("c1").CallerHungUpAsync();
        await acd.ArriveAsync("c2", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(15));

        await acd.ArriveAsync("c1-again", "q", caller: "13900000001");

        Assert.Equal(["c2", "c1-again"], await acd.Queue("q").GetWaitingOrderAsync());
    }

    [Fact]
    public async Task R_TEL_05_LongAbandonBecomesACallbackTaskAtTheOldPlaceAndTheServerDialsTheCallerWhenAnAgentAccepts()
    {
        await using var acd = new AcdHarness(null, Quiet() with { AbandonedReentrySeconds = 60, ShortAbandonSeconds = 5 });
        await acd.ArriveAsync("c1", "q", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        await acd.ArriveAsync("c2", "q");
        await acd.Call("c1").CallerHungUpAsync();
        await acd.SettleAsync();
        Assert.Equal("long", Assert.Single(acd.EventsOf(AcdEventKind.CallAbandoned)).Detail);

        await acd.AdvanceAsync(TimeSpan.FromSeconds(61));

        Assert.Equal(["c1:callback", "c2"], await acd.Queue("q").GetWaitingOrderAsync());
        await acd.LoginAsync("a1", "q");
        var ring = acd.Telephony.NextRing();
        Assert.Equal(("c1:callback", "a1"), (ring.CallId, ring.AgentId));
        ring.Outcome.SetResult(OfferOutcome.Answered);
        await acd.SettleAsync();
        Assert.Equal(("c1:callback", "13900000001"), acd.Telephony.CallbackDials.Single());
        Assert.Equal("c1:callback", Assert.Single(acd.EventsOf(AcdEventKind.OfferAnswered)).CallId);

        // The callback task is counted apart from callers, live and in the metrics recomputed from the event log.
        var live = await acd.Queue("q").GetSnapshotAsync();
        var fold = HotlineTelephony.CallCenter.Metrics.MetricsFold.Replay(acd.Events.Snapshot(), new Dictionary<string, QueueDefinition> { ["q"] = Quiet() }).Queues["q"];
        Assert.Equal((2, 0, 1, 1), (live.Entered, live.Answered, live.Abandoned, live.Waiting));
        Assert.Equal((live.Entered, live.Answered, live.Abandoned, live.Waiting), (fold.Entered, fold.Answered, fold.Abandoned, fold.Waiting));
    }

    [Fact]
    public async Task R_TEL_05_FailedCallbackDialEndsTheTaskAndSendsTheAgentToWrapUp()
    {
        await using var acd = new AcdHarness(null, Quiet() with { AbandonedReentrySeconds = 10, CallbackMaxAttempts = 1 });
        acd.Telephony.CallbackDialOutcome = OfferOutcome.NoAnswer;
        await acd.ArriveAsync("c1", "q", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        await acd.Call("c1").CallerHungUpAsync();
        await acd.AdvanceAsync(TimeSpan.FromSeconds(11));
        await acd.LoginAsync("a1", "q");

        await acd.AnswerNextRingAsync("a1");

        Assert.Equal("NoAnswer", Assert.Single(acd.EventsOf(AcdEventKind.CallbackFailed)).Detail);
        Assert.Equal(CallDisposition.CallbackFailed, (await acd.Call("c1:callback").GetSnapshotAsync()).Disposition);
        Assert.Equal(AgentState.WrapUp, (await acd.Agent("a1").GetSnapshotAsync()).State);
    }

    [Fact]
    public async Task ShortAbandonIsCountedApartAndCreatesNoCallback()
    {
        await using var acd = new AcdHarness(null, Quiet() with { AbandonedReentrySeconds = 10, ShortAbandonSeconds = 5 });
        await acd.ArriveAsync("c1", "q", caller: "13900000001");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(3));
        await acd.Call("c1").CallerHungUpAsync();

        await acd.AdvanceAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("short", Assert.Single(acd.EventsOf(AcdEventKind.CallAbandoned)).Detail);
        Assert.DoesNotContain(acd.EventsOf(AcdEventKind.CallEnqueued), e => e.Detail == "callback");
        var snapshot = await acd.Queue("q").GetSnapshotAsync();
        Assert.Equal((1, 1), (snapshot.Abandoned, snapshot.ShortAbandoned));
    }

    [Fact]
    public async Task R_TEL_01_LiveCountersFollowAnsweredWithinServiceLevelAndAgentStates()
    {
        await using var acd = new AcdHarness(null, Quiet() with { ServiceLevelSeconds = 15, WrapUpSeconds = 10 });
        await acd.LoginAsync("a1", "q");
        await acd.LoginAsync("a2", "q", notReadyReason: "training");
        await acd.ArriveAsync("fast", "q");
        await acd.ArriveAsync("slow", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(5));
        await acd.AnswerNextRingAsync("a1");
        await acd.Call("fast").AgentHungUpAsync();
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        await acd.AdvanceAsync(TimeSpan.FromSeconds(5));
        await acd.AnswerNextRingAsync("a1");

        var snapshot = await acd.Queue("q").GetSnapshotAsync();

        Assert.Equal((2, 2, 1, 0, 0), (snapshot.Entered, snapshot.Answered, snapshot.AnsweredWithinServiceLevel, snapshot.Waiting, snapshot.Abandoned));
        Assert.Equal(1, snapshot.AgentsByState[AgentState.Talking]);
        Assert.Equal(1, snapshot.AgentsByState[AgentState.NotReady]);
        Assert.Null(snapshot.LongestWaitStart);
    }
}
