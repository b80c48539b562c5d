using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Metrics;

namespace HotlineTelephony.CallCenter.Tests.Metrics;

public class MetricsFoldTests
{
    private static readonly Dictionary<string, QueueDefinition> Queues = new()
    {
        ["q1"] = new QueueDefinition { Id = "q1" },
        ["q2"] = new QueueDefinition { Id = "q2", ServiceLevelSeconds = 30 },
    };

    private static MetricsSnapshot Replay(EventScript script, double nowSeconds) =>
        MetricsFold.Replay(script.Events, Queues, MetricsWindow.Unbounded, EventScript.T(nowSeconds));

    [Fact]
    public void AnswerAtExactlyTheThresholdIsWithinServiceLevelAndOneTickLaterIsNot()
    {
        var script = new EventScript().Login(0, "a1").Login(0, "a2")
            .AnsweredCall("c1", "a1", enqueued: 10, answered: 25)
            .Enqueue(10, "c2").Offer(20, "c2", "a2")
            .Add(0, AcdEventKind.OfferAnswered, "c2", "q1", "a2");
        // c2 answered one tick after 15 s.
        var events = script.Events.ToList();
        events[^1] = events[^1] with { At = EventScript.T(25).AddTicks(1) };

        var q1 = MetricsFold.Replay(events, Queues).Queues["q1"];

        Assert.Equal(2, q1.Entered);
        Assert.Equal(2, q1.Answered);
        Assert.Equal(1, q1.AnsweredWithinServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds(30).Ticks + 1, q1.TotalAnswerWait.Ticks);
        Assert.Equal(TimeSpan.FromTicks((TimeSpan.FromSeconds(30).Ticks + 1) / 2), q1.AverageSpeedOfAnswer);
        Assert.Equal(0, q1.Waiting);
    }

    [Fact]
    public void ServiceLevelThresholdIsTheQueuesOwn()
    {
        var script = new EventScript().Login(0, "a1").AnsweredCall("c1", "a1", enqueued: 0, answered: 25, queue: "q2");

        var q2 = Replay(script, 25).Queues["q2"];

        Assert.Equal(30, q2.ServiceLevelSeconds);
        Assert.Equal(1, q2.AnsweredWithinServiceLevel);
    }

    [Fact]
    public void AbandonDuringRingingCountsAsAbandonedAndTheOfferAsCancelled()
    {
        var script = new EventScript().Login(0, "a1")
            .Enqueue(0, "c1").Offer(3, "c1", "a1")
            .Abandon(8, "c1").Cancel(8, "c1", "a1").Ready(8, "a1").End(8, "c1", disposition: "abandoned");

        var snapshot = Replay(script, 8);
        var q1 = snapshot.Queues["q1"];

        Assert.Equal(1, q1.Entered);
        Assert.Equal(0, q1.Answered);
        Assert.Equal(1, q1.Abandoned);
        Assert.Equal(0, q1.ShortAbandoned);
        Assert.Equal(1, q1.AbandonedWithinServiceLevel);
        Assert.Equal(1, q1.Offers);
        Assert.Equal(1, q1.OffersCancelled);
        Assert.Equal(0, q1.Handled);
        Assert.Equal(0, q1.Waiting);
        Assert.Equal(new AgentStateCounts(Ready: 1, NotReady: 0, Offered: 0, Talking: 0, WrapUp: 0), snapshot.Agents);
        Assert.Equal(0, snapshot.ContractViolations);
    }

    [Fact]
    public void ShortAbandonsLeaveTheConnectionRateDenominator()
    {
        var script = new EventScript().Login(0, "a1")
            .AnsweredCall("c1", "a1", 0, 5)
            .Enqueue(1, "c2").Abandon(3, "c2", isShort: true)
            .Enqueue(2, "c3").Abandon(40, "c3")
            .Enqueue(3, "c4").Add(50, AcdEventKind.VoiceMessageChosen, "c4", "q1");

        var q1 = Replay(script, 50).Queues["q1"];

        Assert.Equal(4, q1.Entered);
        Assert.Equal(2, q1.Abandoned);
        Assert.Equal(1, q1.ShortAbandoned);
        Assert.Equal(1, q1.AbandonedWithinServiceLevel);
        Assert.Equal(1, q1.Diverted);
        Assert.Equal(3, q1.CountedOutcomes);
        Assert.Equal(100.0 / 3, q1.ConnectionRatePercent);
        Assert.Equal(100.0 / 3, q1.ServiceLevelPercent);
        Assert.Equal(100.0 / 3, q1.AbandonRatePercent);
        Assert.Equal(100.0, q1.ServiceLevel1Percent);
        Assert.Equal(100.0 * 2 / 3, q1.ServiceLevel2Percent);
    }

    [Fact]
    public void PercentagesAreNullWithoutOutcomes()
    {
        var q1 = Replay(new EventScript().Enqueue(0, "c1"), 1).Queues["q1"];

        Assert.Null(q1.ConnectionRatePercent);
        Assert.Null(q1.ServiceLevelPercent);
        Assert.Null(q1.ServiceLevel1Percent);
        Assert.Null(q1.ServiceLevel2Percent);
        Assert.Null(q1.AverageSpeedOfAnswer);
        Assert.Null(q1.AverageHandleTime);
    }

    [Fact]
    public void ReentryIsANewEntryAlsoCountedAsReentered()
    {
        var script = new EventScript().Login(0, "a1")
            .Enqueue(0, "c1").Abandon(20, "c1")
            .Enqueue(40, "c2", detail: "reentry").Offer(45, "c2", "a1").Answer(46, "c2", "a1");

        var q1 = Replay(script, 46).Queues["q1"];

        Assert.Equal(2, q1.Entered);
        Assert.Equal(1, q1.Reentered);
        Assert.Equal(1, q1.Abandoned);
        Assert.Equal(1, q1.Answered);
        Assert.Equal(1, q1.AnsweredWithinServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds(6), q1.TotalAnswerWait);
    }

    [Fact]
    public void CallbackRequestIsADiversionAndTheCallbackTaskIsNotInboundTraffic()
    {
        var script = new EventScript().Login(0, "a1")
            .Enqueue(0, "c1").Add(30, AcdEventKind.CallbackRequested, "c1", "q1").End(31, "c1", disposition: "callback")
            .Enqueue(60, "cb1", detail: "callback")
            .Offer(70, "cb1", "a1").Answer(72, "cb1", "a1")
            .Add(72, AcdEventKind.CallbackCompleted, "cb1", "q1")
            .End(132, "cb1", "a1").Ready(132, "a1");

        var snapshot = Replay(script, 132);
        var q1 = snapshot.Queues["q1"];

        Assert.Equal(1, q1.Entered);
        Assert.Equal(1, q1.Diverted);
        Assert.Equal(1, q1.CallbacksRequested);
        Assert.Equal(0, q1.Abandoned);
        Assert.Equal(0, q1.Answered);
        Assert.Equal(1, q1.CallbackTasksEntered);
        Assert.Equal(1, q1.CallbackTasksAnswered);
        Assert.Equal(1, q1.CallbacksCompleted);
        Assert.Equal(1, q1.Handled);
        Assert.Equal(TimeSpan.FromSeconds(60), q1.TotalHandleTime);
        Assert.Equal(0.0, q1.ConnectionRatePercent);
        Assert.Equal(0, snapshot.ContractViolations);
    }

    [Fact]
    public void VoiceMessageAndSmsLinkAreDiversions()
    {
        var script = new EventScript()
            .Enqueue(0, "c1").Add(20, AcdEventKind.VoiceMessageChosen, "c1", "q1")
            .Enqueue(0, "c2").Add(20, AcdEventKind.SmsLinkSent, "c2", "q1");

        var q1 = Replay(script, 20).Queues["q1"];

        Assert.Equal(2, q1.Diverted);
        Assert.Equal(1, q1.VoiceMessagesChosen);
        Assert.Equal(1, q1.SmsLinksSent);
        Assert.Equal(0, q1.Waiting);
    }

    [Fact]
    public void MissedOfferThenAnswerByAnotherAgentIsOneAnswerTimedFromEntry()
    {
        var script = new EventScript().Login(0, "a1").Login(0, "a2")
            .Enqueue(0, "c1").Offer(1, "c1", "a1").Miss(16, "c1", "a1").NotReady(16, "a1", "missed")
            .Offer(16, "c1", "a2").Answer(20, "c1", "a2");

        var snapshot = Replay(script, 20);
        var q1 = snapshot.Queues["q1"];

        Assert.Equal(1, q1.Answered);
        Assert.Equal(0, q1.AnsweredWithinServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds(20), q1.TotalAnswerWait);
        Assert.Equal(2, q1.Offers);
        Assert.Equal(1, q1.OffersMissed);
        Assert.Equal(new AgentStateCounts(Ready: 0, NotReady: 1, Offered: 0, Talking: 1, WrapUp: 0), snapshot.Agents);
        Assert.Equal(0, snapshot.ContractViolations);
    }

    [Fact]
    public void RejectedOfferIsCountedAndTheCallerKeepsWaiting()
    {
        var script = new EventScript().Login(0, "a1")
            .Enqueue(0, "c1").Offer(1, "c1", "a1").Add(2, AcdEventKind.OfferRejected, "c1", "q1", "a1").Ready(2, "a1");

        var q1 = Replay(script, 10).Queues["q1"];

        Assert.Equal(1, q1.OffersRejected);
        Assert.Equal(1, q1.Waiting);
        Assert.Equal(TimeSpan.FromSeconds(10), q1.LongestWait);
    }

    [Fact]
    public void HandleTimeRunsFromAnswerToCallEndedAndWrapUpFromStartToEnd()
    {
        var script = new EventScript().Login(0, "a1")
            .AnsweredCall("c1", "a1", 0, 4)
            .End(124, "c1", "a1").WrapUp(124, "a1").WrapUpEnd(134, "a1");

        var snapshot = Replay(script, 134);
        var q1 = snapshot.Queues["q1"];

        Assert.Equal(1, q1.Handled);
        Assert.Equal(TimeSpan.FromSeconds(120), q1.AverageHandleTime);
        Assert.Equal(1, q1.WrapUps);
        Assert.Equal(TimeSpan.FromSeconds(10), q1.TotalWrapUpTime);
        Assert.Equal(1, snapshot.Agents.Ready);
    }

    [Fact]
    public void ZeroWrapUpGoesStraightToReadyWithoutAWrapUpPeriod()
    {
        var script = new EventScript().Login(0, "a1")
            .AnsweredCall("c1", "a1", 0, 4).End(64, "c1", "a1").Ready(64, "a1");

        var snapshot = Replay(script, 64);

        Assert.Equal(0, snapshot.Queues["q1"].WrapUps);
        Assert.Equal(TimeSpan.Zero, snapshot.Queues["q1"].TotalWrapUpTime);
        Assert.Equal(new AgentStateCounts(1, 0, 0, 0, 0), snapshot.Agents);
    }

    [Fact]
    public void AgentCountsFollowEachAgentsLastStateEventAndLeaveOutLoggedOutAgents()
    {
        var script = new EventScript()
            .Login(0, "ready").Login(0, "paused").NotReady(1, "paused", "lunch")
            .Login(0, "ringing").Login(0, "talking").Login(0, "wrapping").Login(0, "gone")
            .Enqueue(0, "c1").Offer(1, "c1", "ringing")
            .AnsweredCall("c2", "talking", 0, 1)
            .AnsweredCall("c3", "wrapping", 0, 1).End(5, "c3", "wrapping").WrapUp(5, "wrapping")
            .Logout(6, "gone");

        var fold = new MetricsFold(Queues);
        foreach (var evt in script.Events)
        {
            fold.Apply(evt);
        }

        Assert.Equal(new AgentStateCounts(Ready: 1, NotReady: 1, Offered: 1, Talking: 1, WrapUp: 1), fold.Snapshot(EventScript.T(6)).Agents);
        Assert.Equal(AgentState.LoggedOut, fold.GetAgentState("gone"));
        Assert.Equal(AgentState.LoggedOut, fold.GetAgentState("never-seen"));
        Assert.Equal(5, fold.Snapshot(EventScript.T(6)).Agents.LoggedIn);
    }

    [Fact]
    public void WaitingAndLongestWaitAreNowValues()
    {
        var script = new EventScript().Enqueue(0, "c1").Enqueue(5, "c2").Enqueue(7, "c3", queue: "q2").Abandon(9, "c1");

        var snapshot = Replay(script, 20);

        Assert.Equal(1, snapshot.Queues["q1"].Waiting);
        Assert.Equal(EventScript.T(5), snapshot.Queues["q1"].OldestWaitingSince);
        Assert.Equal(TimeSpan.FromSeconds(15), snapshot.Queues["q1"].LongestWait);
        Assert.Equal(TimeSpan.FromSeconds(13), snapshot.Queues["q2"].LongestWait);
    }

    [Fact]
    public void CallbackTasksWaitApartFromCallersAndDoNotSetTheLongestWait()
    {
        var script = new EventScript().Enqueue(0, "cb1", detail: "callback").Enqueue(10, "c1");

        var q1 = Replay(script, 20).Queues["q1"];

        Assert.Equal(1, q1.Waiting);
        Assert.Equal(1, q1.CallbackTasksWaiting);
        Assert.Equal(TimeSpan.FromSeconds(10), q1.LongestWait);
    }

    [Fact]
    public void AWindowCountsEachCallInTheWindowOfItsEntry()
    {
        var script = new EventScript().Login(0, "a1").Login(0, "a2")
            .AnsweredCall("before", "a1", enqueued: 50, answered: 70)
            .Enqueue(100, "inside").Offer(195, "inside", "a2").Answer(205, "inside", "a2")
            .Enqueue(150, "left").Abandon(160, "left")
            .Enqueue(200, "after");
        var window = new MetricsWindow(EventScript.T(60), EventScript.T(200));

        var q1 = MetricsFold.Replay(script.Events, Queues, window, EventScript.T(210)).Queues["q1"];

        Assert.Equal(2, q1.Entered);
        Assert.Equal(1, q1.Answered);
        Assert.Equal(1, q1.Abandoned);
        Assert.Equal(1, q1.Offers);
        Assert.Equal(1, q1.Waiting); // "now" counts ignore the window: the caller who entered at 200 s
        Assert.Equal(window, MetricsFold.Replay(script.Events, Queues, window).Window);
    }

    [Fact]
    public void OverflowToAnotherQueueMovesTheCallerThere()
    {
        var script = new EventScript().Login(0, "a1")
            .Enqueue(0, "c1", "q1").Enqueue(60, "c1", "q2").Offer(61, "c1", "a1", "q2").Answer(62, "c1", "a1", "q2");

        var snapshot = Replay(script, 62);

        Assert.Equal(1, snapshot.Queues["q1"].Entered);
        Assert.Equal(1, snapshot.Queues["q1"].MovedOut);
        Assert.Equal(0, snapshot.Queues["q1"].Waiting);
        Assert.Equal(1, snapshot.Queues["q2"].Entered);
        Assert.Equal(1, snapshot.Queues["q2"].Answered);
        Assert.Equal(1, snapshot.Queues["q2"].AnsweredWithinServiceLevel);
    }

    [Fact]
    public void DoubleAnswerAndOrphanEventsAreContractViolationsThatChangeNoCounter()
    {
        var script = new EventScript().Login(0, "a1").Login(0, "a2")
            .AnsweredCall("c1", "a1", 0, 2)
            .Answer(3, "c1", "a2")
            .Abandon(4, "nobody")
            .Offer(5, "c1", "a2");

        var snapshot = Replay(script, 5);

        Assert.Equal(3, snapshot.ContractViolations);
        Assert.Equal(1, snapshot.Queues["q1"].Answered);
        Assert.Equal(0, snapshot.Queues["q1"].Abandoned);
    }

    [Fact]
    public void QueuesWithoutEventsAppearWithZeroCountersAndUnknownQueuesGetTheDefaultThreshold()
    {
        var snapshot = Replay(new EventScript().Enqueue(0, "c1", "elsewhere"), 0);

        Assert.Equal(["elsewhere", "q1", "q2"], snapshot.Queues.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, snapshot.Queues["q2"].Entered);
        Assert.Equal(MetricsFold.DefaultServiceLevelSeconds, snapshot.Queues["elsewhere"].ServiceLevelSeconds);
    }

    [Fact]
    public void ApplyingEventsOneByOneGivesTheSameSnapshotAsReplayingTheLog()
    {
        var events = new RandomCallCentre(seed: 12345).Run(calls: 2000);
        var live = new MetricsFold(Queues);
        var midway = events.Count / 2;
        for (var i = 0; i < events.Count; i++)
        {
            live.Apply(events[i]);
            if (i == midway)
            {
                var partial = MetricsFold.Replay(events.Take(i + 1).ToList(), Queues, MetricsWindow.Unbounded, events[i].At);
                Assert.Empty(live.Snapshot(events[i].At).Differences(partial));
            }
        }

        var offline = MetricsFold.Replay(events, Queues);
        var liveSnapshot = live.Snapshot(events[^1].At);

        Assert.Empty(liveSnapshot.Differences(offline));
        Assert.Equal(liveSnapshot.Queues["q1"], offline.Queues["q1"]);
        Assert.Equal(0, offline.ContractViolations);
        var q1 = offline.Queues["q1"];
        Assert.True(q1.Answered > 0 && q1.Abandoned > 0 && q1.Diverted > 0 && q1.OffersMissed > 0);
        Assert.Equal(q1.Entered - q1.MovedOut, q1.Answered + q1.Abandoned + q1.Diverted + q1.Waiting);
    }

    [Fact]
    public void DifferencesNameEveryCounterThatDiffers()
    {
        var script = new EventScript().Login(0, "a1").AnsweredCall("c1", "a1", 0, 2);
        var expected = Replay(script, 2);
        var actual = expected with
        {
            Queues = new Dictionary<string, QueueMetrics>(expected.Queues) { ["q1"] = expected.Queues["q1"] with { Answered = 2 } },
            Agents = expected.Agents with { Talking = 0, Ready = 1 },
        };

        var differences = expected.Differences(actual);

        Assert.Equal(["queue q1 Answered: 1 ≠ 2", "agents Ready: 0 ≠ 1", "agents Talking: 1 ≠ 0"], differences);
    }

    [Fact]
    public void RingAllAnswerCancelsTheOtherOffersAndFreesTheirAgents()
    {
        var script = new EventScript().Login(0, "a1").Login(0, "a2").Login(0, "a3")
            .Enqueue(0, "c1").Offer(1, "c1", "a1").Offer(1, "c1", "a2").Offer(1, "c1", "a3")
            .Answer(4, "c1", "a2").Cancel(4, "c1", "a1").Cancel(4, "c1", "a3").Ready(4, "a1").Ready(4, "a3");

        var snapshot = Replay(script, 4);
        var q1 = snapshot.Queues["q1"];

        Assert.Equal(1, q1.Answered);
        Assert.Equal(3, q1.Offers);
        Assert.Equal(2, q1.OffersCancelled);
        Assert.Equal(new AgentStateCounts(Ready: 2, NotReady: 0, Offered: 0, Talking: 1, WrapUp: 0), snapshot.Agents);
        Assert.Equal(0, snapshot.ContractViolations);
    }

    [Fact]
    public void AgentLoggingOutMidWrapUpClosesTheWrapUpPeriod()
    {
        var script = new EventScript().Login(0, "a1")
            .AnsweredCall("c1", "a1", 0, 1).End(31, "c1", "a1").WrapUp(31, "a1").Logout(36, "a1");

        var snapshot = Replay(script, 36);

        Assert.Equal(1, snapshot.Queues["q1"].WrapUps);
        Assert.Equal(TimeSpan.FromSeconds(5), snapshot.Queues["q1"].TotalWrapUpTime);
        Assert.Equal(0, snapshot.Agents.LoggedIn);
    }

    [Fact]
    public void SameEventsGiveTheSameSnapshotEveryTime()
    {
        var events = new RandomCallCentre(seed: 99).Run(calls: 500);

        var first = MetricsFold.Replay(events, Queues);
        var second = MetricsFold.Replay(events, Queues);

        Assert.Empty(first.Differences(second));
        Assert.Equal(first.Queues["q2"], second.Queues["q2"]);
        Assert.Equal(first.Queues["q2"].ServiceLevelPercent, second.Queues["q2"].ServiceLevelPercent);
    }
}
