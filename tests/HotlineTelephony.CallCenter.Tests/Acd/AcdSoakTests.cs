using HotlineTelephony.CallCenter.Metrics;
using Xunit.Abstractions;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>
/// Real threads and real time: the races that fake time cannot produce (answer vs. hang-up, reservation vs. not-ready)
/// happen here, and the event log must still tell a consistent story.
/// </summary>
public sealed class AcdSoakTests(ITestOutputHelper output)
{
    private const int Callers = 500;
    private const int Agents = 50;

    [Fact]
    public async Task FiveHundredCallersFiftyTogglingAgentsRandomHangUpsAndMissesLeaveNoDoubleOfferNoStuckAgentAndNoLostCaller()
    {
        var queue = AcdSoak.Queue("soak");
        await using var acd = new AcdHarness(TimeProvider.System, queue);
        AcdSoak.RingWithRandomDelay(acd, 15, () => Random.Shared.Next(100) switch
        {
            < 70 => OfferOutcome.Answered,
            < 85 => OfferOutcome.NoAnswer,
            < 95 => OfferOutcome.Rejected,
            _ => OfferOutcome.Unreachable,
        });

        var agentIds = Enumerable.Range(0, Agents).Select(i => $"a{i:00}").ToList();
        for (var i = 0; i < Agents; i++)
        {
            await acd.Agent(agentIds[i]).LoginAsync(new AgentDefinition { Id = agentIds[i], Extension = $"8{i:00}", Queues = ["soak"] });
        }

        var callers = Enumerable.Range(0, Callers).Select(i => (Func<CancellationToken, Task>)(deadline => DriveCallerAsync(acd, $"c{i:000}", deadline))).ToList();
        await AcdSoak.RunWithTogglingAgentsAsync(acd, agentIds, callers, TimeSpan.FromSeconds(45));

        var events = acd.Events.Snapshot();
        output.WriteLine(string.Join(", ", events.GroupBy(e => e.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Contains(events, e => e.Kind == AcdEventKind.OfferMissed);
        Assert.Contains(events, e => e.Kind == AcdEventKind.OfferAnswered);
        AcdSoak.AssertNoDoubleOfferAndNoAgentWithTwoCalls(events);
        AssertEveryCallEndedOnceAndEveryEnqueueClosedOnce(events);
        foreach (var id in agentIds)
        {
            var agent = await acd.Agent(id).GetSnapshotAsync();
            Assert.True(agent.State is AgentState.Ready or AgentState.NotReady, $"{agent.AgentId} left {agent.State} with call {agent.CallId}");
            Assert.Equal(agent.State, AcdAgentTests.AgentEventState(agent.AgentId, acd));
        }

        var snapshot = await acd.Queue("soak").GetSnapshotAsync();
        Assert.Equal(0, snapshot.Waiting);
        Assert.Equal(Callers, snapshot.Answered + snapshot.Abandoned);
        Assert.Equal(0, snapshot.AgentsByState[AgentState.Offered] + snapshot.AgentsByState[AgentState.Talking]);

        // Every metric recomputed from the event log equals the queue's live counters exactly.
        var replayed = MetricsFold.Replay(events, new Dictionary<string, QueueDefinition> { ["soak"] = queue });
        var fold = replayed.Queues["soak"];
        Assert.Equal(0, replayed.ContractViolations);
        Assert.Equal(
            (snapshot.Entered, snapshot.Answered, snapshot.AnsweredWithinServiceLevel, snapshot.Abandoned, snapshot.ShortAbandoned, snapshot.Diverted, snapshot.Waiting),
            (fold.Entered, fold.Answered, fold.AnsweredWithinServiceLevel, fold.Abandoned, fold.ShortAbandoned, fold.Diverted, fold.Waiting));
        foreach (var state in new[] { AgentState.Ready, AgentState.NotReady, AgentState.Offered, AgentState.Talking, AgentState.WrapUp })
        {
            Assert.Equal(snapshot.AgentsByState[state], replayed.Agents.Get(state));
        }
    }

    private static Task DriveCallerAsync(AcdHarness acd, string callId, CancellationToken deadline)
    {
        // A quarter hang up while waiting or ringing, some of them right in the 0–15 ms ringing window.
        var hangUpWhileWaitingAfter = Random.Shared.Next(100) switch
        {
            < 15 => Random.Shared.Next(0, 300),
            < 25 => Random.Shared.Next(0, 20),
            _ => -1,
        };
        return AcdSoak.DriveCallerAsync(
            acd,
            callId,
            new CallArrival("139" + callId, "12345", "soak"),
            hangUpWhileWaitingAfter,
            call => Random.Shared.Next(2) == 0 ? call.AgentHungUpAsync() : call.CallerHungUpAsync(),
            deadline);
    }

    private static void AssertEveryCallEndedOnceAndEveryEnqueueClosedOnce(IReadOnlyList<AcdEvent> events)
    {
        var closers = new HashSet<AcdEventKind>
        {
            AcdEventKind.OfferAnswered, AcdEventKind.CallAbandoned, AcdEventKind.CallbackRequested,
            AcdEventKind.VoiceMessageChosen, AcdEventKind.SmsLinkSent,
        };
        var open = new HashSet<string>();
        var ended = new Dictionary<string, int>();
        foreach (var e in events)
        {
            if (e.Kind == AcdEventKind.CallEnqueued)
            {
                Assert.True(open.Add(e.CallId!), $"#{e.Sequence}: {e.CallId} enqueued twice");
            }
            else if (closers.Contains(e.Kind))
            {
                Assert.True(open.Remove(e.CallId!), $"#{e.Sequence}: {e.Kind} for {e.CallId} closes nothing");
            }
            else if (e.Kind == AcdEventKind.CallEnded)
            {
                ended[e.CallId!] = ended.GetValueOrDefault(e.CallId!) + 1;
            }
        }

        Assert.Empty(open);
        Assert.Equal(Callers, ended.Count);
        Assert.All(ended, pair => Assert.Equal(1, pair.Value));
    }
}
