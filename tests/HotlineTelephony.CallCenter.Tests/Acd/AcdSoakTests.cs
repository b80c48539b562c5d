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
        var queue = new QueueDefinition
        {
            Id = "soak",
            WrapUpSeconds = 0,
            MaxConsecutiveMisses = 3,
            AbandonedReentrySeconds = 3600,
            Overflow = new OverflowPolicy { Enabled = false },
        };
        await using var acd = new AcdHarness(TimeProvider.System, queue);
        acd.Telephony.RingHandler = async (ring, cancellationToken) =>
        {
            try
            {
                await Task.Delay(Random.Shared.Next(0, 15), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return OfferOutcome.CallGone;
            }

            return Random.Shared.Next(100) switch
            {
                < 70 => OfferOutcome.Answered,
                < 85 => OfferOutcome.NoAnswer,
                < 95 => OfferOutcome.Rejected,
                _ => OfferOutcome.Unreachable,
            };
        };

        for (var i = 0; i < Agents; i++)
        {
            await acd.Agent($"a{i:00}").LoginAsync(new AgentDefinition { Id = $"a{i:00}", Extension = $"8{i:00}", Queues = ["soak"] });
        }

        using var stopToggling = new CancellationTokenSource();
        var togglers = Enumerable.Range(0, Agents).Select(i => Task.Run(async () =>
        {
            var agent = acd.Agent($"a{i:00}");
            while (!stopToggling.IsCancellationRequested)
            {
                await Task.Delay(Random.Shared.Next(5, 60));
                await (Random.Shared.Next(3) == 0 ? agent.SetNotReadyAsync("break") : agent.SetReadyAsync());
            }
        })).ToArray();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var callers = Enumerable.Range(0, Callers).Select(i => Task.Run(() => DriveCallerAsync(acd, $"c{i:000}", deadline.Token))).ToArray();

        // Stop toggling once most callers are through, then make everyone ready so the rest are served.
        await Task.WhenAny(Task.WhenAll(callers), Task.Delay(TimeSpan.FromSeconds(5)));
        stopToggling.Cancel();
        await Task.WhenAll(togglers);
        for (var i = 0; i < Agents; i++)
        {
            await acd.Agent($"a{i:00}").SetReadyAsync();
        }

        await Task.WhenAll(callers);
        await acd.SettleAsync();

        var events = acd.Events.Snapshot();
        output.WriteLine(string.Join(", ", events.GroupBy(e => e.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Contains(events, e => e.Kind == AcdEventKind.OfferMissed);
        Assert.Contains(events, e => e.Kind == AcdEventKind.OfferAnswered);
        AssertNoDoubleOfferAndNoAgentWithTwoCalls(events);
        AssertEveryCallEndedOnceAndEveryEnqueueClosedOnce(events);
        for (var i = 0; i < Agents; i++)
        {
            var agent = await acd.Agent($"a{i:00}").GetSnapshotAsync();
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

    private static async Task DriveCallerAsync(AcdHarness acd, string callId, CancellationToken deadline)
    {
        var call = acd.Call(callId);
        await call.ArriveAsync(new CallArrival("139" + callId, "12345", "soak"));
        // A quarter hang up while waiting or ringing, some of them right in the 0–15 ms ringing window.
        var hangUpWhileWaitingAfter = Random.Shared.Next(100) switch
        {
            < 15 => Random.Shared.Next(0, 300),
            < 25 => Random.Shared.Next(0, 20),
            _ => -1,
        };
        var started = Environment.TickCount64;
        while (true)
        {
            deadline.ThrowIfCancellationRequested();
            var snapshot = await call.GetSnapshotAsync();
            if (snapshot.State == CallState.Ended)
            {
                return;
            }

            if (hangUpWhileWaitingAfter >= 0 && Environment.TickCount64 - started >= hangUpWhileWaitingAfter)
            {
                await call.CallerHungUpAsync();
                hangUpWhileWaitingAfter = -1;
            }
            else if (snapshot.State == CallState.Talking)
            {
                await Task.Delay(Random.Shared.Next(1, 10), deadline);
                await (Random.Shared.Next(2) == 0 ? call.AgentHungUpAsync() : call.CallerHungUpAsync());
            }

            await Task.Delay(2, deadline);
        }
    }

    private static void AssertNoDoubleOfferAndNoAgentWithTwoCalls(IReadOnlyList<AcdEvent> events)
    {
        var agentOfCall = new Dictionary<string, string>();
        var callOfAgent = new Dictionary<string, string>();
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case AcdEventKind.CallOffered:
                    Assert.False(agentOfCall.TryGetValue(e.CallId!, out var other), $"#{e.Sequence}: {e.CallId} offered to {e.AgentId} while with {other}");
                    Assert.False(callOfAgent.TryGetValue(e.AgentId!, out var busy), $"#{e.Sequence}: {e.AgentId} offered {e.CallId} while on {busy}");
                    agentOfCall[e.CallId!] = e.AgentId!;
                    callOfAgent[e.AgentId!] = e.CallId!;
                    break;
                case AcdEventKind.OfferMissed or AcdEventKind.OfferRejected or AcdEventKind.OfferCancelled:
                    agentOfCall.Remove(e.CallId!);
                    callOfAgent.Remove(e.AgentId!);
                    break;
                case AcdEventKind.AgentWrapUpStarted or AcdEventKind.AgentReady or AcdEventKind.AgentNotReady or AcdEventKind.AgentLoggedOut:
                    if (callOfAgent.Remove(e.AgentId!, out var ended))
                    {
                        agentOfCall.Remove(ended);
                    }

                    break;
            }
        }

        Assert.Empty(callOfAgent);
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
