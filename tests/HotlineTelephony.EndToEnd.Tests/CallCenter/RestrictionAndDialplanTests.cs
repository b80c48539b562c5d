using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;
using HotlineTelephony.EndToEnd.Tests.Media;
using Xunit.Abstractions;
using static HotlineTelephony.EndToEnd.Tests.CallCenter.CallCenterSetup;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// The restriction list of abusive callers (R-TEL-40) and dialplan reloads (R-CH-03: each city's plan is
/// configuration) seen from outside: SIPp callers on the carrier trunk, the REST API, the event log and the server log.
/// </summary>
public sealed class RestrictionAndDialplanTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_sippTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task R_TEL_40_RestrictedCallerHearsTheNoticeAndIsReleased()
    {
        const string Test = nameof(R_TEL_40_RestrictedCallerHearsTheNoticeAndIsReleased);
        const string Number = "13800000040";
        var setup = Create(Test);
        setup.WriteDialplan();
        await using var server = await setup.StartServerAsync();
        using var api = Api(server);
        await ListAsync(api, Number, end: null);

        var clock = Stopwatch.StartNew();
        await using var caller = setup.StartCaller(server, setup.QueueCallerScenario(TimeSpan.FromSeconds(30)), Number, s_sippTimeout);
        var run = await caller.WaitForExitAsync();
        output.WriteLine($"Released after {clock.Elapsed.TotalSeconds:F1} s.");

        Assert.True(run.AllCallsSucceeded, run.ToString());
        string trace = run.ReadMessageTrace();
        Assert.Contains("SIP/2.0 200 OK", trace, StringComparison.Ordinal);
        Assert.NotNull(Received(trace, "BYE"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"released in {clock.Elapsed.TotalSeconds:F1} s");
        string callId = CallIdOf(trace);
        var events = await EventsAsync(api);
        Assert.Contains(events, e => Is(e, EventKind.CallRestricted, callId));
        Assert.DoesNotContain(events, e => Is(e, EventKind.CallArrived, callId));

        // The notice is what the caller heard: the right channel of the call's recording has its loudness shape.
        var record = await WaitForRecordAsync(api, callId, s_wait);
        string recording = record.GetProperty("recordingPath").GetString() ?? throw new Xunit.Sdk.XunitException("No recording on the record.");
        var heard = WavAnalysis.Load(recording, channel: 1);
        var notice = WavAnalysis.Load(MediaFiles.Prompt("restricted-caller"));
        var (offset, correlation) = heard.Locate(notice);
        output.WriteLine($"Notice found at {offset * 20} ms with r = {correlation:F2}; recording {heard.Duration.TotalSeconds:F1} s.");
        Assert.True(correlation > 0.8, $"the restriction notice's loudness envelope matches with r = {correlation:F2} at frame {offset}");
    }

    [Fact]
    public async Task R_TEL_40_RestrictedCallerPressingTheEmergencyKeyReachesAnAgent()
    {
        const string Test = nameof(R_TEL_40_RestrictedCallerPressingTheEmergencyKeyReachesAnAgent);
        const string Number = "13800000041";
        var setup = Create(Test);
        setup.WriteDialplan();
        await using var server = await setup.StartServerAsync();
        using var api = Api(server);
        await ListAsync(api, Number, end: null);
        await using var agent = await setup.StartAgentAsync(server, api, 1, s_sippTimeout);

        await using var caller = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uac_restricted_caller_presses_emergency_key.xml",
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = Number, ["key"] = "0" },
            Timeout = s_sippTimeout,
        });
        var talking = await WaitForCallAsync(api, IsTalking, s_wait, "agent-01 talking to the restricted caller");
        string callId = talking.GetProperty("callId").GetString()!;
        using (var hangUp = await api.PostAsync(new Uri($"api/calls/{Uri.EscapeDataString(callId)}/hang-up", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, hangUp.StatusCode);
        }

        var callerRun = await caller.WaitForExitAsync();
        var agentRun = await agent.WaitForExitAsync();
        Assert.True(callerRun.AllCallsSucceeded, callerRun.ToString());
        Assert.True(agentRun.AllCallsSucceeded, agentRun.ToString());
        Assert.Contains(Number, Header(Received(agentRun.ReadMessageTrace(), "INVITE") ?? "", "From") ?? "", StringComparison.Ordinal);

        var events = await EventsAsync(api);
        Assert.Contains(events, e => Is(e, EventKind.CallRestricted, callId));
        Assert.Contains(events, e => Is(e, EventKind.CallArrived, callId));
        var audit = await api.GetFromJsonAsync<JsonElement>(new Uri("api/restrictions/audit", UriKind.Relative));
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("number").GetString() == Number
            && a.GetProperty("action").GetInt32() == AuditEmergencyOverride
            && a.GetProperty("reason").GetString()!.Contains(callId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task R_TEL_40_ListingEndsAtItsEndAndEveryChangeIsAudited()
    {
        const string Test = nameof(R_TEL_40_ListingEndsAtItsEndAndEveryChangeIsAudited);
        const string Number = "13800000042";
        const string Lifted = "13800000043";
        var setup = Create(Test);
        setup.WriteDialplan();
        await using var server = await setup.StartServerAsync();
        using var api = Api(server);
        var end = DateTimeOffset.UtcNow.AddSeconds(6);
        await ListAsync(api, Number, end);
        await ListAsync(api, Lifted, end: null);
        using (var lift = await api.DeleteAsync(new Uri($"api/restrictions/{Lifted}?by=supervisor-2&reason=appeal%20accepted", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, lift.StatusCode);
        }

        // While listed: the notice, then BYE.
        string shortWait = setup.QueueCallerScenario(TimeSpan.FromSeconds(4));
        await using (var listed = setup.StartCaller(server, setup.QueueCallerScenario(TimeSpan.FromSeconds(30)), Number, s_sippTimeout))
        {
            var run = await listed.WaitForExitAsync();
            Assert.True(run.AllCallsSucceeded, run.ToString());
            Assert.NotNull(Received(run.ReadMessageTrace(), "BYE"));
        }

        // After the end: queued like anyone else; the caller waits until it hangs up itself.
        var untilEnd = end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5);
        if (untilEnd > TimeSpan.Zero)
        {
            await Task.Delay(untilEnd);
        }

        await using (var again = setup.StartCaller(server, shortWait, Number, s_sippTimeout))
        {
            var run = await again.WaitForExitAsync();
            Assert.True(run.AllCallsSucceeded, run.ToString());
            string trace = run.ReadMessageTrace();
            Assert.Null(Received(trace, "BYE"));
            string callId = CallIdOf(trace);
            var events = await EventsAsync(api);
            Assert.Contains(events, e => Is(e, EventKind.CallArrived, callId));
            Assert.DoesNotContain(events, e => Is(e, EventKind.CallRestricted, callId));
        }

        var active = await api.GetFromJsonAsync<JsonElement>(new Uri("api/restrictions", UriKind.Relative));
        Assert.DoesNotContain(active.EnumerateArray(), r => r.GetProperty("number").GetString() is Number or Lifted);
        var audit = await api.GetFromJsonAsync<JsonElement>(new Uri("api/restrictions/audit", UriKind.Relative));
        output.WriteLine(audit.ToString());
        var entries = audit.EnumerateArray().ToArray();
        Assert.Contains(entries, a => a.GetProperty("number").GetString() == Number && a.GetProperty("action").GetInt32() == AuditListed
            && a.GetProperty("by").GetString() == "supervisor-1" && a.GetProperty("end").GetDateTimeOffset() == end);
        Assert.Contains(entries, a => a.GetProperty("number").GetString() == Lifted && a.GetProperty("action").GetInt32() == AuditListed);
        Assert.Contains(entries, a => a.GetProperty("number").GetString() == Lifted && a.GetProperty("action").GetInt32() == AuditLifted
            && a.GetProperty("by").GetString() == "supervisor-2" && a.GetProperty("reason").GetString() == "appeal accepted");
    }

    [Fact]
    public async Task R_CH_03_BadDialplanEditIsRefusedWithFileLineAndReasonAndCallsKeepTheOldPlan()
    {
        const string Test = nameof(R_CH_03_BadDialplanEditIsRefusedWithFileLineAndReasonAndCallsKeepTheOldPlan);
        var setup = Create(Test);
        setup.WriteDialplan();
        await using var server = await setup.StartServerAsync(new Dictionary<string, string> { ["Dialplan:Watch"] = "false" });
        using var api = Api(server);
        int line = BreakStrategy(setup);

        using var reload = await api.PostAsync(new Uri("api/dialplan/reload", UriKind.Relative), null);
        string body = await reload.Content.ReadAsStringAsync();
        output.WriteLine(body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.Contains($"city-centre.yaml:{line}:", body, StringComparison.Ordinal);
        Assert.Contains("fastest", body, StringComparison.Ordinal);

        await CallIsAnsweredAndQueuedAsync(setup, server, api, "13800000031");
    }

    [Fact]
    public async Task R_CH_03_BadDialplanSaveSeenByTheWatcherIsRefusedAndLoggedWhileCallsContinue()
    {
        const string Test = nameof(R_CH_03_BadDialplanSaveSeenByTheWatcherIsRefusedAndLoggedWhileCallsContinue);
        var setup = Create(Test);
        setup.WriteDialplan();
        await using var server = await setup.StartServerAsync();
        using var api = Api(server);
        int line = BreakStrategy(setup);

        string refused = await server.WaitForOutputAsync("refused", s_wait);
        output.WriteLine(refused);
        Assert.Contains("keeps serving", refused, StringComparison.Ordinal);
        string error = await server.WaitForOutputAsync($"city-centre.yaml:{line}:", s_wait);
        Assert.Contains("fastest", error, StringComparison.Ordinal);
        var plan = await api.GetFromJsonAsync<JsonElement>(new Uri("api/dialplan", UriKind.Relative));
        Assert.Equal(1, plan.GetProperty("generation").GetInt64());

        await CallIsAnsweredAndQueuedAsync(setup, server, api, "13800000032");
    }

    /// <summary>Replaces the general queue's strategy with an unknown one; returns its 1-based line.</summary>
    private static int BreakStrategy(CallCenterSetup setup)
    {
        string[] lines = File.ReadAllLines(setup.DialplanFile);
        int index = Array.FindIndex(lines, l => l.Trim() == "strategy: longest_idle");
        Assert.True(index >= 0);
        lines[index] = lines[index].Replace("longest_idle", "fastest", StringComparison.Ordinal);
        File.WriteAllLines(setup.DialplanFile, lines);
        return index + 1;
    }

    private async Task CallIsAnsweredAndQueuedAsync(CallCenterSetup setup, ServerProcess server, HttpClient api, string number)
    {
        await using var caller = setup.StartCaller(server, setup.QueueCallerScenario(TimeSpan.FromSeconds(3)), number, s_sippTimeout);
        var run = await caller.WaitForExitAsync();
        Assert.True(run.AllCallsSucceeded, run.ToString());
        string trace = run.ReadMessageTrace();
        Assert.Contains("SIP/2.0 200 OK", trace, StringComparison.Ordinal);
        string callId = CallIdOf(trace);
        var events = await EventsAsync(api);
        Assert.Contains(events, e => Is(e, EventKind.CallArrived, callId) && e.GetProperty("queueId").GetString() == "general");
        Assert.False(server.HasExited);
    }

    private static async Task ListAsync(HttpClient api, string number, DateTimeOffset? end)
    {
        using var response = await api.PostAsJsonAsync(new Uri("api/restrictions", UriKind.Relative), new
        {
            number,
            reason = "repeated abusive calls",
            listedBy = "supervisor-1",
            end,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The Call-ID of the caller's INVITE, which is the call's id in the API.</summary>
    private static string CallIdOf(string trace) => Header(trace, "Call-ID") ?? throw new Xunit.Sdk.XunitException("No Call-ID in the trace.");

    // RestrictionAuditAction as the API writes it (src/HotlineTelephony.CallCenter/Restrictions/RestrictionAuditEntry.cs).
    private const int AuditListed = 0;
    private const int AuditLifted = 2;
    private const int AuditEmergencyOverride = 4;
}
