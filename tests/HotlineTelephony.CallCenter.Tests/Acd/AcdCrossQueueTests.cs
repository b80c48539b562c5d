using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>
/// Cross-queue fairness: an agent of several queues who becomes free is given the best waiting caller across all of
/// them (priority, then wait × the queue's weight), whatever the order its queues are listed in.
/// </summary>
public sealed class AcdCrossQueueTests
{
    private static AcdHarness Harness(double weightA = 1, double weightB = 1) => new(
        null,
        new QueueDefinition { Id = "a", WrapUpSeconds = 0, Weight = weightA },
        new QueueDefinition { Id = "b", WrapUpSeconds = 0, Weight = weightB });

    // Listed a first: a queue-order bias would always hand the agent queue a's head.
    private static async Task LoginNotReadyAsync(AcdHarness acd, string agentId)
    {
        await acd.Agent(agentId).LoginAsync(new AgentDefinition { Id = agentId, Extension = "8" + agentId, Queues = ["a", "b"] }, "break");
        await acd.SettleAsync();
    }

    [Fact]
    public async Task FreedAgentTakesTheLongestWaitingCallerAcrossItsQueues()
    {
        await using var acd = Harness();
        await LoginNotReadyAsync(acd, "multi");
        await acd.ArriveAsync("b-old", "b");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        await acd.ArriveAsync("a-new", "a");

        await acd.Agent("multi").SetReadyAsync();
        await acd.SettleAsync();

        Assert.Equal("b-old", acd.Telephony.NextRing().CallId);
        Assert.Equal(["a-new"], await acd.Queue("a").GetWaitingOrderAsync());
    }

    [Fact]
    public async Task FreedAgentTakesTheHigherPriorityCallerBeforeALongerWait()
    {
        await using var acd = Harness();
        await LoginNotReadyAsync(acd, "multi");
        await acd.ArriveAsync("a-old", "a");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(30));
        await acd.ArriveAsync("b-urgent", "b", priority: CallPriority.UrgentUtility);

        await acd.Agent("multi").SetReadyAsync();
        await acd.SettleAsync();

        Assert.Equal("b-urgent", acd.Telephony.NextRing().CallId);
    }

    [Fact]
    public async Task QueueWeightScalesTheWaitOfEqualPriorityCallers()
    {
        // b-old waited 20 s, a-new 10 s; queue a's weight 3 makes a-new's wait count as 30 s.
        await using var acd = Harness(weightA: 3);
        await LoginNotReadyAsync(acd, "multi");
        await acd.ArriveAsync("b-old", "b");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        await acd.ArriveAsync("a-new", "a");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));

        await acd.Agent("multi").SetReadyAsync();
        await acd.SettleAsync();

        Assert.Equal("a-new", acd.Telephony.NextRing().CallId);
    }

    [Fact]
    public async Task CallerPassedOverByAnotherQueueKeepsItsPlaceForTheNextAgent()
    {
        await using var acd = Harness();
        await LoginNotReadyAsync(acd, "multi");
        await acd.ArriveAsync("b-1", "b");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(1));
        await acd.ArriveAsync("a-1", "a");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(5));
        await acd.ArriveAsync("a-2", "a");
        await acd.Agent("multi").SetReadyAsync();
        await acd.SettleAsync();
        await acd.AnswerNextRingAsync("multi");
        Assert.Equal(["a-1", "a-2"], await acd.Queue("a").GetWaitingOrderAsync());

        // A second agent of queue a only: a-1 (not a-2) is still at the head and is the one offered.
        await acd.LoginAsync("only-a", "a");

        var ring = acd.Telephony.NextRing();
        Assert.Equal(("a-1", "only-a"), (ring.CallId, ring.AgentId));
        Assert.Empty(await acd.Queue("b").GetWaitingOrderAsync());
    }

    [Fact]
    public async Task IdleAgentOfSeveralQueuesIsOfferedTheNextCallerOfAnyQueue()
    {
        await using var acd = Harness();
        await LoginNotReadyAsync(acd, "multi");
        await acd.Agent("multi").SetReadyAsync();
        await acd.SettleAsync();

        await acd.ArriveAsync("b-1", "b");

        Assert.Equal("b-1", acd.Telephony.NextRing().CallId);
        Assert.Equal(AgentState.Offered, (await acd.Agent("multi").GetSnapshotAsync()).State);
    }

    [Fact]
    public async Task AgentFreedAfterACallGetsTheBestCallerOfItsOtherQueue()
    {
        await using var acd = Harness();
        await LoginNotReadyAsync(acd, "multi");
        await acd.Agent("multi").SetReadyAsync();
        await acd.SettleAsync();
        await acd.ArriveAsync("a-1", "a");
        await acd.AnswerNextRingAsync("multi");
        await acd.ArriveAsync("b-1", "b");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(5));
        await acd.ArriveAsync("a-2", "a");

        await acd.Call("a-1").AgentHungUpAsync();
        await acd.SettleAsync();

        Assert.Equal("b-1", acd.Telephony.NextRing().CallId);
        var offers = acd.EventsOf(AcdEventKind.CallOffered);
        Assert.Equal(["a-1", "b-1"], offers.Select(e => e.CallId));
    }
}
