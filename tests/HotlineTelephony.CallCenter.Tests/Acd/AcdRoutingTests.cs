using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Acd;

public sealed class AcdRoutingTests
{
    private static readonly SkillRequirement[] s_dialect = [new("dialect-wu", 3)];

    private static AcdHarness Harness(QueueDefinition queue) => new(null, queue);

    [Fact]
    public async Task OfferGoesToLongestIdleSkilledAgent()
    {
        await using var acd = Harness(new QueueDefinition { Id = "q", Skills = s_dialect });
        await acd.LoginAsync("unskilled", "q", new Dictionary<string, int> { ["dialect-wu"] = 1 });
        await acd.AdvanceAsync(TimeSpan.FromSeconds(1));
        await acd.LoginAsync("skilled-early", "q", new Dictionary<string, int> { ["dialect-wu"] = 4 });
        await acd.AdvanceAsync(TimeSpan.FromSeconds(1));
        await acd.LoginAsync("skilled-late", "q", new Dictionary<string, int> { ["dialect-wu"] = 5 });

        await acd.ArriveAsync("c1", "q");

        Assert.Equal("skilled-early", acd.Telephony.NextRing().AgentId);
        Assert.Equal(AgentState.Offered, (await acd.Agent("skilled-early").GetSnapshotAsync()).State);
    }

    [Fact]
    public async Task RoundRobinContinuesAfterTheLastAgentOffered()
    {
        await using var acd = Harness(new QueueDefinition { Id = "q", Strategy = RoutingStrategy.RoundRobin, WrapUpSeconds = 0 });
        foreach (var agent in new[] { "a3", "a1", "a2" })
        {
            await acd.LoginAsync(agent, "q");
        }

        var offered = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await acd.ArriveAsync($"c{i}", "q");
            var ring = acd.Telephony.NextRing();
            offered.Add(ring.AgentId);
            ring.Outcome.SetResult(OfferOutcome.Answered);
            await acd.SettleAsync();
            await acd.Call($"c{i}").AgentHungUpAsync();
            await acd.SettleAsync();
        }

        Assert.Equal(["a1", "a2", "a3", "a1"], offered);
    }

    [Fact]
    public async Task FewestCallsPrefersTheAgentWithFewestAnsweredCalls()
    {
        await using var acd = Harness(new QueueDefinition { Id = "q", Strategy = RoutingStrategy.FewestCalls, WrapUpSeconds = 0 });
        await acd.LoginAsync("busy", "q");
        await acd.ArriveAsync("c0", "q");
        await acd.AnswerNextRingAsync("busy");
        await acd.Call("c0").AgentHungUpAsync();
        await acd.AdvanceAsync(TimeSpan.FromSeconds(5));
        await acd.LoginAsync("fresh", "q");

        // "busy" has been idle longer, but has answered one call more.
        await acd.ArriveAsync("c1", "q");

        Assert.Equal("fresh", acd.Telephony.NextRing().AgentId);
    }

    [Fact]
    public async Task SkillsFirstPrefersTheHighestSkillLevel()
    {
        await using var acd = Harness(new QueueDefinition { Id = "q", Strategy = RoutingStrategy.SkillsFirst, Skills = [new("law", 1)] });
        await acd.LoginAsync("level2", "q", new Dictionary<string, int> { ["law"] = 2 });
        await acd.LoginAsync("level5", "q", new Dictionary<string, int> { ["law"] = 5 });
        await acd.LoginAsync("level3", "q", new Dictionary<string, int> { ["law"] = 3 });

        await acd.ArriveAsync("c1", "q");

        Assert.Equal("level5", acd.Telephony.NextRing().AgentId);
    }

    [Fact]
    public async Task WideningLetsALessSkilledAgentTakeTheCallerAfterTheWaitWithoutChangingItsPlace()
    {
        await using var acd = Harness(new QueueDefinition
        {
            Id = "q",
            Skills = s_dialect,
            Widening = [new WideningStep(20, 1)],
            AnnouncePosition = false,
            AnnounceEstimatedWait = false,
            Overflow = new OverflowPolicy { Enabled = false },
        });
        await acd.ArriveAsync("first", "q");
        await acd.AdvanceAsync(TimeSpan.FromSeconds(5));
        await acd.ArriveAsync("second", "q");
        await acd.LoginAsync("novice", "q", new Dictionary<string, int> { ["dialect-wu"] = 1 });

        await acd.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.True(acd.Telephony.Rings.IsEmpty);
        Assert.Equal(["first", "second"], await acd.Queue("q").GetWaitingOrderAsync());

        await acd.AdvanceAsync(TimeSpan.FromSeconds(6));

        var ring = acd.Telephony.NextRing();
        Assert.Equal(("first", "novice"), (ring.CallId, ring.AgentId));
        Assert.Equal(["first", "second"], await acd.Queue("q").GetWaitingOrderAsync());
    }

    [Fact]
    public async Task R_TEL_10_CallTransferredFrom110JumpsTheQueue()
    {
        await using var acd = Harness(new QueueDefinition { Id = "q" });
        await acd.ArriveAsync("normal1", "q");
        await acd.ArriveAsync("normal2", "q");
        await acd.ArriveAsync("from110", "q", priority: CallPriority.TransferFrom110, incident: "110-2026-0042");

        Assert.Equal(["from110", "normal1", "normal2"], await acd.Queue("q").GetWaitingOrderAsync());
        await acd.LoginAsync("a1", "q");
        Assert.Equal("from110", acd.Telephony.NextRing().CallId);
        var arrived = Assert.Single(acd.EventsOf(AcdEventKind.CallArrived), e => e.CallId == "from110");
        Assert.Equal("110-2026-0042", arrived.Detail);
        Assert.Equal(CallPriority.TransferFrom110, Assert.Single(acd.EventsOf(AcdEventKind.CallEnqueued), e => e.CallId == "from110").Priority);
    }
}
