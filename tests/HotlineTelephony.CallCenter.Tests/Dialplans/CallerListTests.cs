using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Dialplans.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.CallCenter.Tests.Dialplans;

/// <summary>
/// Caller lists (enterprise 直通车, urgent 水电气热 reporters, VIPs) mapped to priority classes by the dialplan, validated
/// with file:line errors, and the open-ticket seam that raises a caller's priority per the plan.
/// </summary>
public sealed class CallerListTests
{
    private const string File = "dialplans/city.yaml";

    private static readonly string[] s_base =
    [
        "queues:",                                                            // 1
        "  - id: general",                                                    // 2
        "    weight: 2.5",                                                    // 3
        "agents:",                                                            // 4
        "  - { id: a1, extension: \"1001\", queues: [general] }",             // 5
        "numbers:",                                                           // 6
        "  - { number: \"12345\", kind: service, queue: general }",           // 7
        "priorities:",                                                        // 8
        "  rules:",                                                           // 9
        "    - { caller_list: enterprise, level: enterprise }",               // 10
        "    - { caller_list: utility, level: urgent_utility }",              // 11
        "    - { open_ticket: true, level: open_ticket }",                    // 12
    ];

    private static DialplanLoadResult Load(params string[] more) => DialplanLoader.Load(File, string.Join('\n', s_base.Concat(more)) + "\n");

    private static Dialplan Plan(params string[] more)
    {
        var result = Load(more);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Plan!;
    }

    private static readonly string[] s_lists =
    [
        "caller_lists:",                                                      // 13
        "  - name: enterprise",                                               // 14
        "    description: 企业直通车",                                          // 15
        "    numbers: [\"13900000001\", \"+8613900000002\"]",                  // 16
        "    prefixes: [\"071688886\"]",                                       // 17
        "  - name: utility",                                                  // 18
        "    numbers: [\"13800000009\"]",                                     // 19
    ];

    private static void AssertError(DialplanLoadResult result, int line, string messageContains)
    {
        Assert.Null(result.Plan);
        Assert.True(
            result.Errors.Any(e => e.File == File && e.Line == line && e.Message.Contains(messageContains, StringComparison.Ordinal)),
            $"expected {File}:{line}: …{messageContains}…, got:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
    }

    private static Task<int> PriorityOf(Dialplan plan, string caller, IOpenTicketLookup? tickets = null, TimeProvider? time = null) =>
        ArrivalPriority.ResolveAsync(plan, null, "12345", caller, tickets ?? new NoOpenTicketLookup(), time ?? TimeProvider.System, NullLogger.Instance, "call-1");

    [Theory]
    [InlineData("13900000001", CallPriority.Enterprise)]
    [InlineData("+8613900000001", CallPriority.Enterprise)]
    [InlineData("13900000002", CallPriority.Enterprise)]
    [InlineData("0716888861234", CallPriority.Enterprise)]
    [InlineData("13800000009", CallPriority.UrgentUtility)]
    [InlineData("13700000000", CallPriority.Normal)]
    [InlineData("", CallPriority.Normal)]
    public async Task R_TEL_24_CallerOnAListGetsThePriorityClassItsRuleNames(string caller, int expected)
    {
        var plan = Plan(s_lists);

        Assert.Equal(expected, await PriorityOf(plan, caller));
        Assert.Equal("企业直通车", plan.FindCallerList("enterprise")!.Description);
        Assert.Equal(2.5, plan.FindQueue("general")!.Weight);
    }

    [Fact]
    public void RuleNamingAListThatIsNotDefinedIsAnErrorAtTheRule()
    {
        AssertError(Load(), 10, "unknown caller list (no caller_lists entry) 'enterprise'");
    }

    [Fact]
    public void ListEntriesAreValidatedWithTheirLines()
    {
        var result = Load(
            "caller_lists:",                                                  // 13
            "  - name: enterprise",                                           // 14
            "    numbers: [\"139-0000-0001\", \"13900000002\"]",               // 15
            "    prefixes: [\"0716\", \"0716\"]",                              // 16
            "  - name: utility",                                              // 17
            "    colour: red",                                                // 18
            "  - name: enterprise",                                           // 19
            "    numbers: [\"1\"]");                                          // 20
        AssertError(result, 15, "caller list 'enterprise': number '139-0000-0001' must be digits");
        AssertError(result, 16, "prefix '0716' is listed twice (first at line 16)");
        AssertError(result, 18, "unknown key 'colour'");
        AssertError(result, 19, "duplicate caller list 'enterprise'");
    }

    [Fact]
    public void ListWithNeitherNumbersNorPrefixesIsRefused()
    {
        AssertError(Load("caller_lists:", "  - name: enterprise", "  - { name: utility, numbers: [\"1\"] }"), 14, "has neither numbers nor prefixes");
    }

    [Fact]
    public void QueueWeightOutOfRangeIsRefused()
    {
        var lines = s_base.ToArray();
        lines[2] = "    weight: 0";
        var result = DialplanLoader.Load(File, string.Join('\n', lines.Concat(s_lists)) + "\n");
        AssertError(result, 3, "weight");
    }

    [Fact]
    public async Task CallerWithAnOpenTicketIsRaisedToTheOpenTicketLevel()
    {
        var plan = Plan(s_lists);
        var tickets = new Tickets { Open = { "13700000000" } };

        Assert.Equal(CallPriority.OpenTicket, await PriorityOf(plan, "13700000000", tickets));
        Assert.Equal(CallPriority.Normal, await PriorityOf(plan, "13700000001", tickets));

        // The highest class wins: an enterprise caller with an open ticket stays enterprise.
        tickets.Open.Add("13900000001");
        Assert.Equal(CallPriority.Enterprise, await PriorityOf(plan, "13900000001", tickets));
    }

    [Fact]
    public async Task TicketLookupIsNotAskedWhenNoRuleNeedsIt()
    {
        var result = DialplanLoader.Load(File, string.Join('\n', s_base.Take(7)) + "\n");
        var tickets = new Tickets { Open = { "13700000000" } };

        Assert.Equal(CallPriority.Normal, await PriorityOf(result.Plan!, "13700000000", tickets));
        Assert.Equal(0, tickets.Asked);
    }

    [Fact]
    public async Task SlowTicketLookupQueuesTheCallerWithoutTheOpenTicketPriorityAfterThePolicyTimeout()
    {
        var plan = Plan(s_lists) with { Policy = new PolicyProfile { OpenTicketLookupTimeoutMs = 200 } };
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var never = new TaskCompletionSource<bool>();
        var tickets = new Tickets { Open = { "13700000000" }, Answer = never.Task };

        var priority = PriorityOf(plan, "13700000000", tickets, time);
        Assert.False(priority.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(CallPriority.Normal, await priority.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ATicketLookupThatBlocksItsThreadDoesNotHoldUpTheArrival()
    {
        // SQLite answers "async" queries synchronously: run inline, the lookup would block the SIP receive loop that
        // is answering the INVITE, and the policy timeout would only start once it returned.
        var plan = Plan(s_lists) with { Policy = new PolicyProfile { OpenTicketLookupTimeoutMs = 200 } };
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var blocked = new ManualResetEventSlim();
        var tickets = new Tickets { Open = { "13700000000" }, Block = blocked };

        var priority = PriorityOf(plan, "13700000000", tickets, time);
        Assert.False(priority.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(CallPriority.Normal, await priority.WaitAsync(TimeSpan.FromSeconds(10)));
        blocked.Set();
    }

    private sealed class Tickets : IOpenTicketLookup
    {
        public HashSet<string> Open { get; } = [];

        public Task<bool>? Answer { get; init; }

        public ManualResetEventSlim? Block { get; init; }

        public int Asked { get; private set; }

        public ValueTask<bool> HasOpenTicketAsync(string callerNumber, CancellationToken cancellationToken = default)
        {
            Asked++;
            Block?.Wait(TimeSpan.FromSeconds(30));
            return Answer is { } answer ? new ValueTask<bool>(answer) : ValueTask.FromResult(Open.Contains(callerNumber));
        }
    }
}
