using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;
using Xunit.Abstractions;
using static HotlineTelephony.EndToEnd.Tests.CallCenter.CallCenterSetup;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// Three-way calls and one-key transfers (R-TEL-10, R-TEL-11, R-TEL-16) seen from outside: a SIPp caller on the
/// carrier trunk reaches agent-01 (a SIPp phone registered as 1001), the agent uses the API, and a SIPp UAS plays the
/// department or the emergency gateway. Assertions read SIPp's message traces, the API, the event log, the call
/// record and the recording.
/// </summary>
public sealed class TransferTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_sippTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("110")]
    [InlineData("119")]
    [InlineData("120")]
    [InlineData("122")]
    public async Task R_TEL_16_OneKeyTransferReachesTheGatewayWithTheCallersNumberAndSharedData(string number)
    {
        string test = nameof(R_TEL_16_OneKeyTransferReachesTheGatewayWithTheCallersNumberAndSharedData) + "_" + number;
        const string Caller = "13800000016";
        var setup = Create(test);
        int gatewayPort = FreePorts.Next();
        setup.WriteDialplan(gatewayPort: gatewayPort);
        await using var server = await setup.StartServerAsync();
        using var api = Api(server);
        await using var gateway = SippRunner.Start(test, new SippOptions { ScenarioFile = "uas_emergency_gateway.xml", LocalPort = gatewayPort, Timeout = s_sippTimeout });
        await using var agent = await setup.StartAgentAsync(server, api, 1, s_sippTimeout);
        await using var caller = setup.StartCaller(server, setup.QueueCallerScenario(TimeSpan.FromSeconds(45)), Caller, s_sippTimeout);
        string callId = (await WaitForCallAsync(api, IsTalking, s_wait, "agent-01 talking to the caller")).GetProperty("callId").GetString()!;

        // The plan's mode: warm for 110/119/120, blind for 122.
        using var response = await api.PostAsJsonAsync(new Uri($"api/calls/{Uri.EscapeDataString(callId)}/emergency", UriKind.Relative), new { number });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        var result = JsonDocument.Parse(body).RootElement;
        Assert.True(result.GetProperty("done").GetBoolean(), body);
        double inviteAfterMs = result.GetProperty("inviteAfterMs").GetDouble();
        output.WriteLine($"One-key transfer to {number}: INVITE sent {inviteAfterMs.ToString("F2", CultureInfo.InvariantCulture)} ms after the request; status '{result.GetProperty("status").GetString()}'.");

        bool blind = number == "122";
        if (blind)
        {
            // Blind: the agent leaves as soon as the dispatcher answers; caller and gateway stay connected.
            var agentLeft = await agent.WaitForExitAsync();
            Assert.True(agentLeft.AllCallsSucceeded, agentLeft.ToString());
        }
        else
        {
            var live = await WaitForCallAsync(api, c => c.GetProperty("callId").GetString() == callId, s_wait, "the call still live");
            Assert.Equal(AgentId(1), live.GetProperty("agentId").GetString());
        }

        using (var hangUp = await api.PostAsync(new Uri($"api/calls/{Uri.EscapeDataString(callId)}/hang-up", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, hangUp.StatusCode);
        }

        var gatewayRun = await gateway.WaitForExitAsync();
        var callerRun = await caller.WaitForExitAsync();
        var agentRun = await agent.WaitForExitAsync();
        Assert.True(gatewayRun.AllCallsSucceeded, gatewayRun.ToString());
        Assert.True(callerRun.AllCallsSucceeded, callerRun.ToString());
        Assert.True(agentRun.AllCallsSucceeded, agentRun.ToString());

        string invite = Received(gatewayRun.ReadMessageTrace(), "INVITE") ?? throw new Xunit.Sdk.XunitException("The gateway got no INVITE.");
        Assert.Contains($"INVITE sip:{number}@", invite, StringComparison.Ordinal);
        Assert.Contains($"sip:{Caller}@", Header(invite, "P-Asserted-Identity") ?? "", StringComparison.Ordinal);
        Assert.Equal(callId, Header(invite, "X-Hotline-Call-Id"));
        Assert.Equal(AgentId(1), Header(invite, "X-Hotline-Agent"));
        Assert.Equal(Caller, Header(invite, "X-Hotline-Caller"));
        Assert.Contains("BYE sip:", Received(gatewayRun.ReadMessageTrace(), "BYE") ?? "", StringComparison.Ordinal);

        var events = await EventsAsync(api);
        Assert.Contains(events, e => Is(e, EventKind.EmergencyTransferStarted, callId) && e.GetProperty("detail").GetString() == number);
        Assert.Contains(events, e => Is(e, EventKind.EmergencyTransferAnswered, callId));
    }

    [Fact]
    public async Task R_TEL_10_NoAnswerAt110ReturnsTheCallerToTheAgent()
    {
        const string Test = nameof(R_TEL_10_NoAnswerAt110ReturnsTheCallerToTheAgent);
        var setup = Create(Test);
        int gatewayPort = FreePorts.Next();
        // 5 s is the shortest ring timeout a plan may set (docs/dialplans.md).
        setup.WriteDialplan(gatewayPort: gatewayPort, edit: plan => plan.Replace(
            "  - number: \"110\"\n    name: 110 报警服务台\n    trunk: emergency-gateway\n    destination: \"110\"\n    ring_timeout_seconds: 30",
            "  - number: \"110\"\n    name: 110 报警服务台\n    trunk: emergency-gateway\n    destination: \"110\"\n    ring_timeout_seconds: 5",
            StringComparison.Ordinal));
        Assert.Contains("ring_timeout_seconds: 5", File.ReadAllText(setup.DialplanFile), StringComparison.Ordinal);
        await using var server = await setup.StartServerAsync();
        using var api = Api(server);
        await using var gateway = SippRunner.Start(Test, new SippOptions { ScenarioFile = "uas_ring_no_answer.xml", LocalPort = gatewayPort, Timeout = s_sippTimeout });
        await using var agent = await setup.StartAgentAsync(server, api, 1, s_sippTimeout);
        // The caller hangs up by itself, well after the failed transfer: the dialogs must still be up then. (Under the
        // server's 30 s RTP timeout: these SIPp callers send no audio.)
        await using var caller = setup.StartCaller(server, setup.QueueCallerScenario(TimeSpan.FromSeconds(15)), "13800000010", s_sippTimeout);
        string callId = (await WaitForCallAsync(api, IsTalking, s_wait, "agent-01 talking to the caller")).GetProperty("callId").GetString()!;

        using var response = await api.PostAsJsonAsync(new Uri($"api/calls/{Uri.EscapeDataString(callId)}/emergency", UriKind.Relative), new { number = "110", mode = "Warm" });
        string body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} {body}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var result = JsonDocument.Parse(body).RootElement;
        Assert.False(result.GetProperty("done").GetBoolean());
        Assert.Contains("back with the agent", result.GetProperty("status").GetString(), StringComparison.Ordinal);
        output.WriteLine($"INVITE sent {result.GetProperty("inviteAfterMs").GetDouble().ToString("F2", CultureInfo.InvariantCulture)} ms after the request.");

        var gatewayRun = await gateway.WaitForExitAsync();
        Assert.True(gatewayRun.AllCallsSucceeded, gatewayRun.ToString());
        Assert.NotNull(Received(gatewayRun.ReadMessageTrace(), "CANCEL"));

        var events = await EventsAsync(api);
        Assert.Contains(events, e => Is(e, EventKind.EmergencyTransferFailed, callId));
        var live = await WaitForCallAsync(api, c => c.GetProperty("callId").GetString() == callId, s_wait, "the call still live after the failure");
        Assert.Equal(AgentId(1), live.GetProperty("agentId").GetString());

        // The caller's own hang-up later still finds its dialog, and the agent's phone gets the BYE.
        var callerRun = await caller.WaitForExitAsync();
        var agentRun = await agent.WaitForExitAsync();
        Assert.True(callerRun.AllCallsSucceeded, callerRun.ToString());
        string callerTrace = callerRun.ReadMessageTrace();
        Assert.Null(Received(callerTrace, "BYE"));
        Assert.Contains("CSeq: 2 BYE", callerTrace, StringComparison.Ordinal);
        Assert.True(agentRun.AllCallsSucceeded, agentRun.ToString());
        Assert.NotNull(Received(agentRun.ReadMessageTrace(), "BYE"));
    }

    [Fact]
    public async Task R_TEL_11_AgentLeavingAThreeWayCallKeepsCallerAndDepartmentConnectedAndRecorded()
    {
        const string Test = nameof(R_TEL_11_AgentLeavingAThreeWayCallKeepsCallerAndDepartmentConnectedAndRecorded);
        var setup = Create(Test);
        int departmentPort = FreePorts.Next();
        setup.WriteDialplan(departmentPort: departmentPort);
        await using var server = await setup.StartServerAsync();
        using var api = Api(server);
        await using var department = SippRunner.Start(Test, new SippOptions { ScenarioFile = "uas_department_answers_and_talks.xml", LocalPort = departmentPort, Timeout = s_sippTimeout });
        await using var agent = await setup.StartAgentAsync(server, api, 1, s_sippTimeout);
        await using var caller = setup.StartCaller(server, setup.QueueCallerScenario(TimeSpan.FromSeconds(CallerHangsUpAfterSeconds)), "13800000011", s_sippTimeout);
        string callId = (await WaitForCallAsync(api, IsTalking, s_wait, "agent-01 talking to the caller")).GetProperty("callId").GetString()!;

        using (var consult = await api.PostAsJsonAsync(new Uri($"api/calls/{Uri.EscapeDataString(callId)}/three-way", UriKind.Relative), new { code = "02" }))
        {
            Assert.True(consult.StatusCode == HttpStatusCode.OK, await consult.Content.ReadAsStringAsync());
        }

        using (var join = await api.PostAsync(new Uri($"api/calls/{Uri.EscapeDataString(callId)}/three-way/join", UriKind.Relative), null))
        {
            Assert.True(join.StatusCode == HttpStatusCode.OK, await join.Content.ReadAsStringAsync());
        }

        using (var leave = await api.PostAsync(new Uri($"api/calls/{Uri.EscapeDataString(callId)}/three-way/leave", UriKind.Relative), null))
        {
            Assert.True(leave.StatusCode == HttpStatusCode.OK, await leave.Content.ReadAsStringAsync());
        }

        var leftAt = DateTimeOffset.UtcNow;

        // The agent's phone gets BYE at once; caller and department are still talking.
        var agentRun = await agent.WaitForExitAsync();
        Assert.True(agentRun.AllCallsSucceeded, agentRun.ToString());
        Assert.NotNull(Received(agentRun.ReadMessageTrace(), "BYE"));
        Assert.Contains(await EventsAsync(api), e => Is(e, EventKind.ThirdPartyJoined, callId));
        await WaitForCallAsync(api, c => c.GetProperty("callId").GetString() == callId, s_wait, "the call live after the agent left");

        // The caller hangs up by itself (its own BYE); only then does the department get BYE.
        var callerRun = await caller.WaitForExitAsync();
        var departmentRun = await department.WaitForExitAsync();
        Assert.True(callerRun.AllCallsSucceeded, callerRun.ToString());
        Assert.Null(Received(callerRun.ReadMessageTrace(), "BYE"));
        Assert.True(departmentRun.AllCallsSucceeded, departmentRun.ToString());
        string departmentInvite = Received(departmentRun.ReadMessageTrace(), "INVITE") ?? "";
        Assert.Contains("INVITE sip:071612315@", departmentInvite, StringComparison.Ordinal);
        Assert.Equal(callId, Header(departmentInvite, "X-Hotline-Call-Id"));
        Assert.Equal(AgentId(1), Header(departmentInvite, "X-Hotline-Agent"));
        Assert.NotNull(Received(departmentRun.ReadMessageTrace(), "BYE"));

        var record = await WaitForRecordAsync(api, callId, s_wait);
        output.WriteLine(record.ToString());
        string[] parties = [.. record.GetProperty("parties").EnumerateArray().Select(p => p.GetString()!)];
        Assert.Contains("caller", parties);
        Assert.Contains(parties, p => p.StartsWith("agent", StringComparison.Ordinal) && p.Contains(AgentId(1), StringComparison.Ordinal));
        Assert.Contains(parties, p => p.StartsWith("third", StringComparison.Ordinal) && p.Contains("市场监督管理局", StringComparison.Ordinal));
        var events = record.GetProperty("events").EnumerateArray().ToArray();
        Assert.Contains(events, e => e.GetProperty("kind").GetInt32() == RecordKindThirdPartyJoined);
        Assert.Contains(events, e => e.GetProperty("kind").GetInt32() == RecordKindThirdPartyLeft);
        Assert.Contains(events, e => e.GetProperty("party").GetString() is { } party && party.Contains(AgentId(1), StringComparison.Ordinal)
            && e.GetProperty("kind").GetInt32() == RecordKindEnded);

        // R-TEL-53: the recording holds the third party. Right channel = what the caller hears; after the agent left
        // that is only the department, silent for its first 3 s after answering and then speaking for about 6 s.
        string recordingPath = record.GetProperty("recordingPath").GetString() ?? throw new Xunit.Sdk.XunitException("No recording on the record.");
        var arrived = record.GetProperty("arrivedAt").GetDateTimeOffset();
        var heard = WavAnalysis.Load(recordingPath, channel: 1);
        int rate = heard.SampleRate;
        double leftSeconds = (leftAt - arrived).TotalSeconds;
        int Frame(double seconds) => Math.Clamp((int)(seconds * rate), 0, heard.Samples.Length);
        double quiet = heard.Rms(Frame(leftSeconds + 0.3), Frame(leftSeconds + 1.3) - Frame(leftSeconds + 0.3));
        double talking = heard.Rms(Frame(leftSeconds + 3.5), Frame(leftSeconds + 6.5) - Frame(leftSeconds + 3.5));
        output.WriteLine($"Recording {recordingPath}: {heard.Duration.TotalSeconds:F1} s; agent left at {leftSeconds:F1} s; right-channel RMS before the department speaks {quiet:F0}, while it speaks {talking:F0}.");
        Assert.True(heard.Duration.TotalSeconds > leftSeconds + 6.5, $"the recording ({heard.Duration.TotalSeconds:F1} s) covers the talk after the agent left at {leftSeconds:F1} s");
        Assert.True(talking > 300, $"the department's voice is in the recording (RMS {talking:F0})");
        Assert.True(talking > 4 * quiet, $"the energy is the department's talk, not something else (RMS {talking:F0} vs {quiet:F0} before it spoke)");
    }

    [Fact]
    public async Task R_TEL_10_CallFrom110JumpsTheQueueAndKeepsItsIncidentReference()
    {
        const string Test = nameof(R_TEL_10_CallFrom110JumpsTheQueueAndKeepsItsIncidentReference);
        const string Incident = "JQ-2026-1123-0042";
        var setup = Create(Test);
        setup.WriteDialplan();
        await using var server = await setup.StartServerAsync();
        using var api = Api(server);
        // The phone is registered, but agent-01 logs in only once all three callers wait.
        await using var agent = await setup.StartAgentAsync(server, api, 1, s_sippTimeout, login: false);
        string waiting = setup.QueueCallerScenario(TimeSpan.FromSeconds(30));
        await using var first = setup.StartCaller(server, waiting, "13800000101", s_sippTimeout);
        await using var second = setup.StartCaller(server, waiting, "13800000102", s_sippTimeout);
        await WaitForWaitingAsync(api, 2);
        string transferIn = setup.ScenarioCopy("uac_110_transfer_in.xml", "timeout=\"20000\"", "timeout=\"30000\"");
        await using var police = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = transferIn,
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = "13900000110", ["incident"] = Incident },
            Timeout = s_sippTimeout,
            // The 110 platform's address (settings' Trunks: 110-platform 127.0.0.2); the harness's -i comes first.
            ExtraArguments = ["-i", "127.0.0.2"],
        });
        var arrived = await WaitForEventAsync(api, e => Is(e, EventKind.CallArrived) && e.GetProperty("detail").GetString() == Incident, s_wait, "CallArrived with the incident reference");
        string policeCallId = arrived.GetProperty("callId").GetString()!;
        output.WriteLine($"CallArrived: {arrived}");
        await WaitForWaitingAsync(api, 3);

        await LoginAsync(api, 1);
        var talking = await WaitForCallAsync(api, IsTalking, s_wait, "agent-01 talking");
        Assert.Equal(policeCallId, talking.GetProperty("callId").GetString());

        foreach (var call in (await api.GetFromJsonAsync<JsonElement>(new Uri("api/calls", UriKind.Relative))).EnumerateArray())
        {
            using var hangUp = await api.PostAsync(new Uri($"api/calls/{Uri.EscapeDataString(call.GetProperty("callId").GetString()!)}/hang-up", UriKind.Relative), null);
        }

        var policeRun = await police.WaitForExitAsync();
        var agentRun = await agent.WaitForExitAsync();
        await first.WaitForExitAsync();
        await second.WaitForExitAsync();
        Assert.True(policeRun.AllCallsSucceeded, policeRun.ToString());
        Assert.True(agentRun.AllCallsSucceeded, agentRun.ToString());
        string offered = Received(agentRun.ReadMessageTrace(), "INVITE") ?? "";
        Assert.Contains("13900000110", Header(offered, "From") ?? "", StringComparison.Ordinal);

        Assert.Equal(PriorityTransferFrom110, arrived.GetProperty("priority").GetInt32());
        var record = await WaitForRecordAsync(api, policeCallId, s_wait);
        Assert.Equal(Incident, record.GetProperty("incidentReference110").GetString());
        Assert.Equal("110-platform", record.GetProperty("trunk").GetString());
        Assert.Equal(AgentId(1), record.GetProperty("agentId").GetString());
    }

    private static async Task<JsonElement> WaitForWaitingAsync(HttpClient api, int count) =>
        await PollAsync(async () =>
        {
            var calls = await api.GetFromJsonAsync<JsonElement>(new Uri("api/calls", UriKind.Relative));
            return calls.EnumerateArray().Count(c => c.GetProperty("state").GetInt32() == CallStateWaiting) >= count ? calls : null;
        }, s_wait) ?? throw new TimeoutException($"{count} callers not waiting within {s_wait.TotalSeconds:0} s.");

    private const int CallStateWaiting = 1;

    /// <summary>The plan's priorities.levels.transfer_from_110.</summary>
    private const int PriorityTransferFrom110 = 50;

    /// <summary>Long enough for the agent to answer, the consultation, join and leave, and the department's 3 s + 6 s.</summary>
    private const int CallerHangsUpAfterSeconds = 22;

    // CallRecordEventKind as the API writes it (src/HotlineTelephony.CallCenter/Records/CallRecordEventKind.cs).
    private const int RecordKindThirdPartyJoined = 10;
    private const int RecordKindThirdPartyLeft = 11;
    private const int RecordKindEnded = 19;
}
