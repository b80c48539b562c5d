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
        var definitions = s_queues.Select((id, i) => AcdSoak.Queue(id) with { Weight = i + 1 }).ToArray();
        await using var acd = new AcdHarness(TimeProvider.System, definitions);
        AcdSoak.RingWithRandomDelay(acd, 10, () => Random.Shared.Next(100) < 80 ? OfferOutcome.Answered : OfferOutcome.NoAnswer);

        var agentIds = Enumerable.Range(0, Agents).Select(i => $"m{i:00}").ToList();
        for (var i = 0; i < Agents; i++)
        {
            await acd.Agent(agentIds[i]).LoginAsync(new AgentDefinition
            {
                Id = agentIds[i],
                Extension = $"9{i:00}",
                Queues = i % 5 == 0 ? [.. s_queues] : [s_queues[i % 3], s_queues[(i + 1) % 3]],
            });
        }

        var callers = Enumerable.Range(0, Callers).Select(i => (Func<CancellationToken, Task>)(deadline => DriveCallerAsync(acd, $"x{i:000}", s_queues[i % 3], deadline))).ToList();
        await AcdSoak.RunWithTogglingAgentsAsync(acd, agentIds, callers, TimeSpan.FromSeconds(60));

        var events = acd.Events.Snapshot();
        var answered = events.Where(e => e.Kind == AcdEventKind.OfferAnswered).ToList();
        Assert.Contains(events, e => e.Kind == AcdEventKind.OfferMissed);
        Assert.Contains(answered, e => answered.Any(o => o.AgentId == e.AgentId && o.QueueId != e.QueueId));
        AcdSoak.AssertNoDoubleOfferAndNoAgentWithTwoCalls(events);
        var ended = events.Where(e => e.Kind == AcdEventKind.CallEnded).GroupBy(e => e.CallId).ToList();
        Assert.Equal(Callers, ended.Count);
        Assert.All(ended, g => Assert.Single(g));
        foreach (var id in agentIds)
        {
            var agent = await acd.Agent(id).GetSnapshotAsync();
            Assert.True(agent.State is AgentState.Ready, $"{agent.AgentId} left {agent.State} with call {agent.CallId}");
        }

        var replayed = MetricsFold.Replay(events, definitions.ToDictionary(q => q.Id));
        Assert.Equal(0, replayed.ContractViolations);
        Assert.Equal(Callers, replayed.Queues.Values.Sum(q => q.Answered + q.Abandoned));
        Assert.All(replayed.Queues.Values, q => Assert.Equal(0, q.Waiting));
    }

    private static Task DriveCallerAsync(AcdHarness acd, string callId, string queueId, CancellationToken deadline) =>
        AcdSoak.DriveCallerAsync(
            acd,
            callId,
            new CallArrival("139" + callId, "12345", queueId, Random.Shared.Next(4) == 0 ? CallPriority.UrgentUtility : CallPriority.Normal),
            Random.Shared.Next(100) < 20 ? Random.Shared.Next(0, 200) : -1,
            call => call.AgentHungUpAsync(),
            deadline);
}
