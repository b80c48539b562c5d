using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Metrics;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>
/// Real threads and real time with agents of several queues: arbitration rounds racing with reservations, not-ready
/// toggles and hang-ups still give no double offer, no agent with two calls, no agent stuck, and no lost caller.
/// </summary>
public sealed class AcdCrossQueueSoakTests
{
    private const int Callers = 300;
    private const int Agents = 30;
    private static readonly string[] s_queues = ["x0", "x1", "x2"];

    [Fact]
    public async Task AgentsOfSeveralQueuesUnderRandomLoadAreNeverOfferedTwoCallsAndNoCallerIsLost()
    {
        var definitions = s_queues.Select((id, i) => new QueueDefinition
        {
            Id = id,
            WrapUpSeconds = 0,
            MaxConsecutiveMisses = 3,
            AbandonedReentrySeconds = 3600,
            Overflow = new OverflowPolicy { Enabled = false },
            Weight = i + 1,
        }).ToArray();
        await using var acd = new AcdHarness(TimeProvider.System, definitions);
        acd.Telephony.RingHandler = async (ring, cancellationToken) =>
        {
            try
            {
                await Task.Delay(Random.Shared.Next(0, 10), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return OfferOutcome.CallGone;
            }

            return Random.Shared.Next(100) < 80 ? OfferOutcome.Answered : OfferOutcome.NoAnswer;
        };

        for (var i = 0; i < Agents; i++)
        {
            await acd.Agent($"m{i:00}").LoginAsync(new AgentDefinition
            {
                Id = $"m{i:00}",
                Extension = $"9{i:00}",
                Queues = i % 5 == 0 ? [.. s_queues] : [s_queues[i % 3], s_queues[(i + 1) % 3]],
            });
        }

        using var stopToggling = new CancellationTokenSource();
        var togglers = Enumerable.Range(0, Agents).Select(i => Task.Run(async () =>
        {
            var agent = acd.Agent($"m{i:00}");
            while (!stopToggling.IsCancellationRequested)
            {
                await Task.Delay(Random.Shared.Next(5, 60));
                await (Random.Shared.Next(3) == 0 ? agent.SetNotReadyAsync("break") : agent.SetReadyAsync());
            }
        })).ToArray();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var callers = Enumerable.Range(0, Callers).Select(i => Task.Run(() => DriveCallerAsync(acd, $"x{i:000}", s_queues[i % 3], deadline.Token))).ToArray();
        await Task.WhenAny(Task.WhenAll(callers), Task.Delay(TimeSpan.FromSeconds(5)));
        stopToggling.Cancel();
        await Task.WhenAll(togglers);
        for (var i = 0; i < Agents; i++)
        {
            await acd.Agent($"m{i:00}").SetReadyAsync();
        }

        await Task.WhenAll(callers);
        await acd.SettleAsync();

        var events = acd.Events.Snapshot();
        var answered = events.Where(e => e.Kind == AcdEventKind.OfferAnswered).ToList();
        Assert.Contains(events, e => e.Kind == AcdEventKind.OfferMissed);
        Assert.Contains(answered, e => answered.Any(o => o.AgentId == e.AgentId && o.QueueId != e.QueueId));
        AssertNoAgentOfferedTwoCallsAtOnce(events);
        var ended = events.Where(e => e.Kind == AcdEventKind.CallEnded).GroupBy(e => e.CallId).ToList();
        Assert.Equal(Callers, ended.Count);
        Assert.All(ended, g => Assert.Single(g));
        for (var i = 0; i < Agents; i++)
        {
            var agent = await acd.Agent($"m{i:00}").GetSnapshotAsync();
            Assert.True(agent.State is AgentState.Ready, $"{agent.AgentId} left {agent.State} with call {agent.CallId}");
        }

        var replayed = MetricsFold.Replay(events, definitions.ToDictionary(q => q.Id));
        Assert.Equal(0, replayed.ContractViolations);
        Assert.Equal(Callers, replayed.Queues.Values.Sum(q => q.Answered + q.Abandoned));
        Assert.All(replayed.Queues.Values, q => Assert.Equal(0, q.Waiting));
    }

    private static async Task DriveCallerAsync(AcdHarness acd, string callId, string queueId, CancellationToken deadline)
    {
        var call = acd.Call(callId);
        await call.ArriveAsync(new CallArrival("139" + callId, "12345", queueId, Random.Shared.Next(4) == 0 ? CallPriority.UrgentUtility : CallPriority.Normal));
        var hangUpAfter = Random.Shared.Next(100) < 20 ? Random.Shared.Next(0, 200) : -1;
        var started = Environment.TickCount64;
        while (true)
        {
            deadline.ThrowIfCancellationRequested();
            var snapshot = await call.GetSnapshotAsync();
            if (snapshot.State == CallState.Ended)
            {
                return;
            }

            if (hangUpAfter >= 0 && Environment.TickCount64 - started >= hangUpAfter)
            {
                await call.CallerHungUpAsync();
                hangUpAfter = -1;
            }
            else if (snapshot.State == CallState.Talking)
            {
                await Task.Delay(Random.Shared.Next(1, 10), deadline);
                await call.AgentHungUpAsync();
            }

            await Task.Delay(2, deadline);
        }
    }

    private static void AssertNoAgentOfferedTwoCallsAtOnce(IReadOnlyList<AcdEvent> events)
    {
        var callOfAgent = new Dictionary<string, string>();
        var agentOfCall = new Dictionary<string, string>();
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case AcdEventKind.CallOffered:
                    Assert.False(callOfAgent.TryGetValue(e.AgentId!, out var busy), $"#{e.Sequence}: {e.AgentId} offered {e.CallId} while on {busy}");
                    Assert.False(agentOfCall.TryGetValue(e.CallId!, out var other), $"#{e.Sequence}: {e.CallId} offered to {e.AgentId} while with {other}");
                    callOfAgent[e.AgentId!] = e.CallId!;
                    agentOfCall[e.CallId!] = e.AgentId!;
                    break;
                case AcdEventKind.OfferMissed or AcdEventKind.OfferRejected or AcdEventKind.OfferCancelled:
                    callOfAgent.Remove(e.AgentId!);
                    agentOfCall.Remove(e.CallId!);
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
}
