using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Harness.HotlineApi;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// Caller lists on the wire: a caller whose number is on the shipped plan's urgent-utility list (水电气热, R-TEL-03/24
/// priorities) is offered to the agent's phone before a caller who has been waiting longer.
/// </summary>
public sealed class CallerPriorityTests
{
    private const string NormalCaller = "13800000701";

    // On caller_lists 'urgent-utility' in dialplans/city-centre.yaml, given level urgent_utility (20) by its rule.
    private const string UrgentCaller = "13871600010";

    [Fact(Timeout = 90_000)]
    public async Task CallerOnTheUrgentUtilityListReachesTheAgentBeforeAnEarlierCaller_R_TEL_24()
    {
        const string Test = nameof(CallerOnTheUrgentUtilityListReachesTheAgentBeforeAnEarlierCaller_R_TEL_24);
        var plan = TestDialplan.Write(Test, new Dictionary<string, string> { ["enabled"] = "false" });
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string> { [plan.Setting.Key] = plan.Setting.Value });
        using var api = new HotlineApi(server);
        await using var phone = await AgentPhone.StartAsync(Test, server, "1001");

        // Nobody is logged in: the normal caller waits first, the urgent caller joins behind in time.
        await using var normal = SippRunner.Start(Test, Caller(server, NormalCaller, TimeSpan.FromSeconds(25)));
        await WaitUntilAsync(async () => await EnqueuedAsync(api) == 1, TimeSpan.FromSeconds(15), "the first caller in the queue");
        await using var urgent = SippRunner.Start(Test, Caller(server, UrgentCaller, TimeSpan.FromSeconds(8)));
        await WaitUntilAsync(async () => await EnqueuedAsync(api) == 2, TimeSpan.FromSeconds(15), "the second caller in the queue");

        await api.LoginAsync("agent-01");

        var urgentResult = await urgent.WaitForExitAsync();
        Assert.True(urgentResult.AllCallsSucceeded, urgentResult.ToString());

        // After that call the agent goes not-ready (once its wrap-up ends), so the normal caller stays unanswered.
        await api.PostAsync("api/agents/agent-01/not-ready", new { reason = "test" });
        var normalResult = await normal.WaitForExitAsync();
        Assert.True(normalResult.AllCallsSucceeded, normalResult.ToString());

        var urgentCall = await api.WaitForEventAsync(EventKinds.OfferAnswered, null, TimeSpan.FromSeconds(5));
        var record = await api.WaitForRecordAsync(urgentCall.CallId!, TimeSpan.FromSeconds(10));
        Assert.Equal(UrgentCaller, Text(record, "callerNumber"));
        Assert.Equal("agent-01", Text(record, "agentId"));

        // On the wire: the one INVITE the agent's phone got is the urgent caller's.
        var invites = SipTraceMessage.Read(phone.Directory).Where(m => m.Received && m.Method == "INVITE").ToList();
        Assert.Equal(urgentCall.CallId, Assert.Single(invites).Header("X-Hotline-Call-Id"));

        // And in the event log: the urgent caller entered with the urgent_utility priority, the other one at 0.
        var enqueued = (await api.GetAsync("api/records/events")).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetInt32() == EventKinds.CallEnqueued)
            .ToDictionary(e => e.GetProperty("callId").GetString()!, e => e.GetProperty("priority").GetInt32());
        Assert.Equal(20, enqueued[urgentCall.CallId!]);
        Assert.Equal(0, Assert.Single(enqueued, e => e.Key != urgentCall.CallId).Value);
    }

    private static async Task<int> EnqueuedAsync(HotlineApi api) =>
        (await api.EventsAsync()).Count(e => e.Kind == EventKinds.CallEnqueued);

    private static SippOptions Caller(ServerProcess server, string number, TimeSpan hold) => new()
    {
        ScenarioFile = ScenarioCopy.QueueCaller(nameof(CallerPriorityTests) + number, hold),
        Remote = server.SipEndpoint,
        Service = "12345",
        Keys = new Dictionary<string, string> { ["caller"] = number },
        Timeout = hold + TimeSpan.FromSeconds(15),
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
