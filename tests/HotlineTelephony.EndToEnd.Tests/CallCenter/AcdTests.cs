using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Harness.HotlineApi;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// The ACD seen from outside: callers to 12345 from the trusted local trunk (SIPp queue callers), agents' phones
/// (SIPp registering as 1001.. and answering on the same port) driven through the REST API, and what the server
/// says afterwards in its call records, its ACD event log and on the wire. Rule ids are those of
/// /work/shared/reference/12345-domain.md §2.1. Timings come from a copy of dialplans/city-centre.yaml per test.
/// </summary>
public sealed class AcdTests
{
    private const string Queue = "general";

    // The caller hears the welcome (6.5 s) and a 1 s pause before any announcement; the overflow offer prompt lasts
    // 11.2 s and the server listens for the key only after it, so a key 21 s after the ACK is inside the window.
    private static readonly TimeSpan s_overflowKeyAfter = TimeSpan.FromSeconds(21);

    [Fact(Timeout = 60_000)]
    public async Task CallerTo12345IsAnsweredWithin15SecondsByTheLongestIdleAgent_R_TEL_01()
    {
        const string Test = nameof(CallerTo12345IsAnsweredWithin15SecondsByTheLongestIdleAgent_R_TEL_01);
        var plan = TestDialplan.Write(Test, new Dictionary<string, string> { ["enabled"] = "false" });
        await using var server = await ServerProcess.StartAsync(Test, Settings(plan));
        using var api = new HotlineApi(server);
        await using var phone1 = await AgentPhone.StartAsync(Test, server, "1001");
        await using var phone2 = await AgentPhone.StartAsync(Test, server, "1002");
        await using var phone3 = await AgentPhone.StartAsync(Test, server, "1003");

        // agent-02 has been idle longest, then agent-03, then agent-01 (logged in last).
        await api.LoginAsync("agent-02");
        await Task.Delay(500);
        await api.LoginAsync("agent-03");
        await Task.Delay(500);
        await api.LoginAsync("agent-01");

        var caller = await SippRunner.RunAsync(Test, QueueCallers.Caller(Test, server, "13800000101", TimeSpan.FromSeconds(4)));
        Assert.True(caller.AllCallsSucceeded, caller.ToString());

        var record = await RecordOfCallerAsync(api, "13800000101");
        Assert.Equal("agent-02", Text(record, "agentId"));
        Assert.Equal("answered", Text(record, "disposition"));
        var wait = record.GetProperty("answeredAt").GetDateTimeOffset() - record.GetProperty("arrivedAt").GetDateTimeOffset();
        Assert.True(wait < TimeSpan.FromSeconds(15), $"answered after {wait}");

        string callId = Text(record, "callId")!;
        var invites2 = Invites(phone2);
        Assert.Equal(callId, Assert.Single(invites2).Header("X-Hotline-Call-Id"));
        Assert.Empty(Invites(phone1));
        Assert.Empty(Invites(phone3));
    }

    [Fact(Timeout = 60_000)]
    public async Task QueuedCallersHearTheirPositionAnnouncedAtTheConfiguredInterval()
    {
        const string Test = nameof(QueuedCallersHearTheirPositionAnnouncedAtTheConfiguredInterval);
        var plan = TestDialplan.Write(Test, new Dictionary<string, string>
        {
            ["announce_every_seconds"] = "10",
            ["enabled"] = "false",
        });
        await using var server = await ServerProcess.StartAsync(Test, Settings(plan));
        using var api = new HotlineApi(server);

        // No agent is logged in: both wait, the second behind the first.
        await using var first = SippRunner.Start(Test, QueueCallers.Caller(Test, server, "13800000201", TimeSpan.FromSeconds(24)));
        await Task.Delay(1000);
        var second = await SippRunner.RunAsync(Test, QueueCallers.Caller(Test, server, "13800000202", TimeSpan.FromSeconds(23)));
        var firstResult = await first.WaitForExitAsync();
        Assert.True(firstResult.AllCallsSucceeded, firstResult.ToString());
        Assert.True(second.AllCallsSucceeded, second.ToString());

        var record = await RecordOfCallerAsync(api, "13800000202");
        string callId = Text(record, "callId")!;
        var events = await api.EventsAsync();
        var announced = events.Where(e => e.Kind == EventKinds.PositionAnnounced && e.CallId == callId).ToList();
        Assert.True(announced.Count >= 2, $"PositionAnnounced for {callId}: {announced.Count}");
        var gap = announced[1].At - announced[0].At;
        Assert.InRange(gap.TotalSeconds, 9, 12);
        var enqueued = events.Single(e => e.Kind == EventKinds.CallEnqueued && e.CallId == callId);
        Assert.InRange((announced[0].At - enqueued.At).TotalSeconds, 9, 12);

        // What the caller heard (the recording's right channel): the position prompt ("您前面还有…") at the first announcement.
        string recording = Text(record, "recordingPath")!;
        var heard = WavAnalysis.Load(recording, channel: 1);
        var prompt = WavAnalysis.Load(Path.Combine(TestPaths.RepositoryRoot, "prompts", "zh-CN", "queue-ahead.wav"));
        int from = 9 * heard.SampleRate;
        var window = heard.Slice(from, from + (7 * heard.SampleRate));
        Assert.True(window.Rms() > 300, $"right channel RMS {window.Rms():F0} in 9–16 s of {recording}");
        var (_, correlation) = window.Locate(prompt);
        Assert.True(correlation > 0.6, $"queue-ahead prompt correlation {correlation:F2} in 9–16 s of {recording}");
    }

    [Fact(Timeout = 60_000)]
    public async Task UnansweredOfferKeepsTheCallerAtTheHeadAndSetsTheAgentNotReadyAfterTheMisses()
    {
        const string Test = nameof(UnansweredOfferKeepsTheCallerAtTheHeadAndSetsTheAgentNotReadyAfterTheMisses);
        var plan = TestDialplan.Write(Test, new Dictionary<string, string>
        {
            ["ring_timeout_seconds"] = "5",
            ["max_consecutive_misses"] = "1",
            ["enabled"] = "false",
        });
        await using var server = await ServerProcess.StartAsync(Test, Settings(plan));
        using var api = new HotlineApi(server);
        await using var away = await AgentPhone.StartAsync(Test, server, "1001", "uas_ring_no_answer.xml");
        await api.LoginAsync("agent-01");

        await using var caller = SippRunner.Start(Test, QueueCallers.Caller(Test, server, "13800000301", TimeSpan.FromSeconds(14)));
        var missed = await WaitForAgentAsync(api, "agent-01", a => State(a) == AgentStates.NotReady, TimeSpan.FromSeconds(10));
        Assert.Equal("missed", Text(missed, "notReadyReason"));
        var queue = await api.GetQueueAsync(Queue);
        Assert.Equal(1, queue.GetProperty("waiting").GetInt32());

        var awayResult = await away.WaitForExitAsync();
        Assert.True(awayResult.AllCallsSucceeded, awayResult.ToString());
        var firstOffer = Assert.Single(SipTraceMessage.Read(awayResult.Directory), m => m.Received && m.Method == "INVITE");
        Assert.Contains(SipTraceMessage.Read(awayResult.Directory), m => m.Received && m.Method == "CANCEL");
        string callId = firstOffer.Header("X-Hotline-Call-Id")!;

        await using var present = await AgentPhone.StartAsync(Test, server, "1002");
        await api.LoginAsync("agent-02");
        var callerResult = await caller.WaitForExitAsync();
        Assert.True(callerResult.AllCallsSucceeded, callerResult.ToString());

        // The same call went to agent-02, and the caller never got a BYE: it hung up itself after being answered.
        Assert.Equal(callId, Assert.Single(Invites(present)).Header("X-Hotline-Call-Id"));
        Assert.DoesNotContain(SipTraceMessage.Read(callerResult.Directory), m => m.Received && m.Method == "BYE");
        var record = await api.WaitForRecordAsync(callId, TimeSpan.FromSeconds(10));
        Assert.Equal("agent-02", Text(record, "agentId"));
        Assert.Equal("answered", Text(record, "disposition"));
        var events = await api.EventsAsync();
        Assert.Contains(events, e => e.Kind == EventKinds.OfferMissed && e.CallId == callId && e.AgentId == "agent-01");
        Assert.Contains(events, e => e.Kind == EventKinds.AgentMissedTooMany && e.AgentId == "agent-01");
        Assert.DoesNotContain(events, e => e.Kind == EventKinds.CallAbandoned && e.CallId == callId);
    }

    [Fact(Timeout = 90_000)]
    public async Task OverflowOfferKey1LeavesAVoiceMessage_R_TEL_03_04()
    {
        const string Test = nameof(OverflowOfferKey1LeavesAVoiceMessage_R_TEL_03_04);
        await using var server = await ServerProcess.StartAsync(Test, Settings(OverflowPlan(Test)));
        using var api = new HotlineApi(server);

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = ScenarioCopy.CallerLeavingVoiceMessage(Test, s_overflowKeyAfter),
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = "13800000401" },
            Timeout = TimeSpan.FromSeconds(60),
        });
        Assert.True(caller.AllCallsSucceeded, caller.ToString());

        var record = await RecordOfCallerAsync(api, "13800000401");
        string callId = Text(record, "callId")!;
        Assert.Equal("voice-message", Text(record, "disposition"));
        var events = await api.EventsAsync();
        Assert.Contains(events, e => e.Kind == EventKinds.OverflowOffered && e.CallId == callId);
        Assert.Contains(events, e => e.Kind == EventKinds.VoiceMessageChosen && e.CallId == callId);

        // Stored once recorded: the event carries the WAV's path, and the voice-message list agrees with the log.
        var left = await api.WaitForEventAsync(EventKinds.VoiceMessageLeft, callId, TimeSpan.FromSeconds(10));
        string message = left.Detail!;
        Assert.StartsWith(Path.Combine(server.RecordingsFolder, "voice-messages"), message, StringComparison.Ordinal);
        var listed = Assert.Single((await api.GetAsync("api/voice-messages?pending=true")).EnumerateArray());
        Assert.Equal((callId, message), (Text(listed, "callId"), Text(listed, "recordingPath")));
        var audio = WavAnalysis.Load(message);
        Assert.True(audio.Duration > TimeSpan.FromSeconds(3), $"{message}: {audio.Duration}");
        Assert.True(audio.Rms() > 300, $"{message}: RMS {audio.Rms():F0}");
    }

    [Fact(Timeout = 120_000)]
    public async Task OverflowOfferKey2KeepsThePlaceAndCallsBackAgentFirstThenCaller_R_TEL_03_04()
    {
        const string Test = nameof(OverflowOfferKey2KeepsThePlaceAndCallsBackAgentFirstThenCaller_R_TEL_03_04);
        int carrierPort = FreePorts.Next();
        await using var server = await ServerProcess.StartAsync(Test, Settings(OverflowPlan(Test, carrierPort)));
        using var api = new HotlineApi(server);

        // A chooses a callback; B, who came after A, does not answer the offer and stays in the queue.
        await using var callerA = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = ScenarioCopy.CallerPressingKey(Test, '2', s_overflowKeyAfter, TimeSpan.FromSeconds(20)),
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = "13800000501" },
            Timeout = TimeSpan.FromSeconds(50),
        });
        await Task.Delay(1500);
        await using var callerB = SippRunner.Start(Test, QueueCallers.Caller(Test, server, "13800000502", TimeSpan.FromSeconds(60)) with { Timeout = TimeSpan.FromSeconds(70) });
        var a = await callerA.WaitForExitAsync();
        Assert.True(a.AllCallsSucceeded, a.ToString());
        Assert.Contains(SipTraceMessage.Read(a.Directory), m => m.Received && m.Method == "BYE");

        var requested = await api.WaitForEventAsync(EventKinds.CallbackRequested, null, TimeSpan.FromSeconds(5));
        string callbackId = requested.CallId + ":callback";

        // The called-back caller behind the carrier trunk, and the agent who becomes ready.
        await using var calledBack = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_answer_then_hang_up.xml",
            LocalPort = carrierPort,
            Timeout = TimeSpan.FromSeconds(40),
        });
        await using var phone = await AgentPhone.StartAsync(Test, server, "1001", timeout: TimeSpan.FromSeconds(40));
        await api.LoginAsync("agent-01");

        var calledBackResult = await calledBack.WaitForExitAsync();
        Assert.True(calledBackResult.AllCallsSucceeded, calledBackResult.ToString());
        var phoneResult = await phone.WaitForExitAsync();
        Assert.True(phoneResult.AllCallsSucceeded, phoneResult.ToString());

        // The callback kept A's place: the agent's first offer is A's callback, not B who came later.
        var agentInvite = SipTraceMessage.Read(phoneResult.Directory).First(m => m.Received && m.Method == "INVITE");
        Assert.Equal(callbackId, agentInvite.Header("X-Hotline-Call-Id"));
        var agentAnswer = SipTraceMessage.Read(phoneResult.Directory).First(m => !m.Received && m.Text.StartsWith("SIP/2.0 200", StringComparison.Ordinal));

        // Agent first, then the caller through the carrier trunk, to the caller's own number.
        var callerInvite = SipTraceMessage.Read(calledBackResult.Directory).First(m => m.Received && m.Method == "INVITE");
        Assert.StartsWith("INVITE sip:13800000501@127.0.0.1:", callerInvite.Text, StringComparison.Ordinal);
        Assert.True(callerInvite.At >= agentAnswer.At, $"caller dialled at {callerInvite.At:HH:mm:ss.fff}, agent answered at {agentAnswer.At:HH:mm:ss.fff}");

        var events = await api.EventsAsync();
        Assert.Contains(events, e => e.Kind == EventKinds.CallbackCompleted && e.CallId == callbackId);
        var firstOffer = events.First(e => e.Kind is EventKinds.CallOffered or EventKinds.CallbackOffered);
        Assert.Equal(callbackId, firstOffer.CallId);
        Assert.DoesNotContain(events, e => e.Kind == EventKinds.CallEnded && e.CallId != requested.CallId && e.CallId != callbackId);
    }

    [Fact(Timeout = 90_000)]
    public async Task OverflowOfferKey3SendsTheOnlineChannelLinkBySms_R_TEL_03_04()
    {
        const string Test = nameof(OverflowOfferKey3SendsTheOnlineChannelLinkBySms_R_TEL_03_04);
        await using var server = await ServerProcess.StartAsync(Test, Settings(OverflowPlan(Test)));
        using var api = new HotlineApi(server);

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = ScenarioCopy.CallerPressingKey(Test, '3', s_overflowKeyAfter, TimeSpan.FromSeconds(20)),
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = "13800000601" },
            Timeout = TimeSpan.FromSeconds(50),
        });
        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Contains(SipTraceMessage.Read(caller.Directory), m => m.Received && m.Method == "BYE");

        var record = await RecordOfCallerAsync(api, "13800000601");
        string callId = Text(record, "callId")!;
        Assert.Equal("sms-link", Text(record, "disposition"));
        var events = await api.EventsAsync();
        // R-TEL-04: one offer, no menu tree.
        Assert.Single(events, e => e.Kind == EventKinds.OverflowOffered && e.CallId == callId);
        Assert.Contains(events, e => e.Kind == EventKinds.SmsLinkSent && e.CallId == callId);
        Assert.DoesNotContain(events, e => e.Kind == EventKinds.CallbackRequested || e.Kind == EventKinds.VoiceMessageLeft);
    }

    [Fact(Timeout = 60_000)]
    public async Task AbandonedCallerWhoCallsAgainWithinTheWindowGetsTheOldPlaceBack()
    {
        const string Test = nameof(AbandonedCallerWhoCallsAgainWithinTheWindowGetsTheOldPlaceBack);
        var plan = TestDialplan.Write(Test, new Dictionary<string, string> { ["enabled"] = "false" });
        await using var server = await ServerProcess.StartAsync(Test, Settings(plan));
        using var api = new HotlineApi(server);

        // A waits, B arrives after A, A gives up and calls again: no agent is ready meanwhile.
        var firstA = SippRunner.Start(Test, QueueCallers.Caller(Test, server, "13800000701", TimeSpan.FromSeconds(3)));
        await Task.Delay(1000);
        await using var callerB = SippRunner.Start(Test, QueueCallers.Caller(Test, server, "13800000702", TimeSpan.FromSeconds(20)));
        var gaveUp = await firstA.WaitForExitAsync();
        await firstA.DisposeAsync();
        Assert.True(gaveUp.AllCallsSucceeded, gaveUp.ToString());
        await using var againA = SippRunner.Start(Test, QueueCallers.Caller(Test, server, "13800000701", TimeSpan.FromSeconds(8)));
        await api.WaitForEventAsync(EventKinds.CallAbandoned, null, TimeSpan.FromSeconds(5));
        await WaitUntilAsync(async () => (await api.GetQueueAsync(Queue)).GetProperty("waiting").GetInt32() == 2, TimeSpan.FromSeconds(5), "A back in the queue beside B");

        await using var phone = await AgentPhone.StartAsync(Test, server, "1001");
        await api.LoginAsync("agent-01");
        var a = await againA.WaitForExitAsync();
        Assert.True(a.AllCallsSucceeded, a.ToString());
        var phoneResult = await phone.WaitForExitAsync();

        // The agent's first (only) offer is A's second call, ahead of B.
        var invite = Assert.Single(SipTraceMessage.Read(phoneResult.Directory), m => m.Received && m.Method == "INVITE");
        Assert.StartsWith("<sip:13800000701@", invite.Header("From"), StringComparison.Ordinal);
        string secondCallId = invite.Header("X-Hotline-Call-Id")!;
        var events = await api.EventsAsync();
        var entry = events.Single(e => e.Kind == EventKinds.CallEnqueued && e.CallId == secondCallId);
        Assert.Equal("reentry", entry.Detail);
    }

    [Fact(Timeout = 60_000)]
    public async Task CallerWhoAbandonedAndDidNotCallAgainIsCalledBackAgentFirst_R_TEL_05()
    {
        const string Test = nameof(CallerWhoAbandonedAndDidNotCallAgainIsCalledBackAgentFirst_R_TEL_05);
        int carrierPort = FreePorts.Next();
        var plan = TestDialplan.WriteMissedCallCallbacks(Test, carrierPort);
        await using var server = await ServerProcess.StartAsync(Test, Settings(plan));
        using var api = new HotlineApi(server);

        // Nobody is ready; the caller waits 4 s (a long abandon) and hangs up.
        var gaveUp = await SippRunner.RunAsync(Test, QueueCallers.Caller(Test, server, "13800000901", TimeSpan.FromSeconds(4)));
        Assert.True(gaveUp.AllCallsSucceeded, gaveUp.ToString());
        var abandoned = await api.WaitForEventAsync(EventKinds.CallAbandoned, null, TimeSpan.FromSeconds(5));
        Assert.Equal("long", abandoned.Detail);
        string callbackId = abandoned.CallId + ":callback";

        await using var calledBack = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_answer_then_hang_up.xml",
            LocalPort = carrierPort,
            Timeout = TimeSpan.FromSeconds(30),
        });
        await using var phone = await AgentPhone.StartAsync(Test, server, "1001", timeout: TimeSpan.FromSeconds(30));
        await api.LoginAsync("agent-01");

        var calledBackResult = await calledBack.WaitForExitAsync();
        Assert.True(calledBackResult.AllCallsSucceeded, calledBackResult.ToString());
        var phoneResult = await phone.WaitForExitAsync();
        Assert.True(phoneResult.AllCallsSucceeded, phoneResult.ToString());

        var agentInvite = SipTraceMessage.Read(phoneResult.Directory).Single(m => m.Received && m.Method == "INVITE");
        Assert.Equal(callbackId, agentInvite.Header("X-Hotline-Call-Id"));
        var agentAnswer = SipTraceMessage.Read(phoneResult.Directory).First(m => !m.Received && m.Text.StartsWith("SIP/2.0 200", StringComparison.Ordinal));
        var callerInvite = SipTraceMessage.Read(calledBackResult.Directory).Single(m => m.Received && m.Method == "INVITE");
        Assert.StartsWith("INVITE sip:13800000901@127.0.0.1:", callerInvite.Text, StringComparison.Ordinal);
        Assert.True(callerInvite.At >= agentAnswer.At, $"caller dialled at {callerInvite.At:HH:mm:ss.fff}, agent answered at {agentAnswer.At:HH:mm:ss.fff}");

        var events = await api.EventsAsync();
        var task = events.Single(e => e.Kind == EventKinds.CallEnqueued && e.CallId == callbackId);
        Assert.Equal("callback", task.Detail);
        Assert.Contains(events, e => e.Kind == EventKinds.CallbackCompleted && e.CallId == callbackId);
    }

    [Fact(Timeout = 90_000)]
    public async Task MetricsRecomputedFromTheEventLogEqualTheLiveQueueCounters()
    {
        const string Test = nameof(MetricsRecomputedFromTheEventLogEqualTheLiveQueueCounters);
        var plan = TestDialplan.Write(Test, new Dictionary<string, string>
        {
            ["wrap_up_seconds"] = "0",
            ["ring_timeout_seconds"] = "5",
            ["enabled"] = "false",
        });
        await using var server = await ServerProcess.StartAsync(Test, Settings(plan));
        using var api = new HotlineApi(server);

        // A short abandon while nobody is logged in, then three callers for two agents: two answered at once, the
        // third after waiting for the first agent to finish.
        var abandon = await SippRunner.RunAsync(Test, QueueCallers.Caller(Test, server, "13800000802", TimeSpan.FromSeconds(1)));
        Assert.True(abandon.AllCallsSucceeded, abandon.ToString());
        await using var phones = await QueueCallers.ThreeCallersForTwoAgentsAsync(Test, server, api, "13800000801");

        // Let the last grain messages land, then compare.
        await WaitUntilAsync(async () => (await api.GetQueueAsync(Queue)).GetProperty("waiting").GetInt32() == 0, TimeSpan.FromSeconds(10), "nobody waiting");
        await Task.Delay(1000);
        var live = await api.GetQueueAsync(Queue);
        var metrics = await api.GetAsync("api/records/metrics");
        var folded = metrics.GetProperty("queues").GetProperty(Queue);
        Assert.Equal(0, metrics.GetProperty("contractViolations").GetInt64());
        Assert.True(live.GetProperty("entered").GetInt64() >= 4, live.ToString());
        Assert.True(live.GetProperty("answered").GetInt64() >= 2, live.ToString());
        Assert.True(live.GetProperty("shortAbandoned").GetInt64() >= 1, live.ToString());
        foreach (string counter in new[] { "entered", "answered", "answeredWithinServiceLevel", "abandoned", "shortAbandoned", "diverted", "waiting" })
        {
            Assert.True(
                live.GetProperty(counter).GetInt64() == folded.GetProperty(counter).GetInt64(),
                $"{counter}: live {live.GetProperty(counter)} ≠ event log {folded.GetProperty(counter)}{Environment.NewLine}live {live}{Environment.NewLine}metrics {folded}");
        }
    }

    private static TestDialplan OverflowPlan(string test, int? carrierPort = null) =>
        TestDialplan.Write(
            test,
            new Dictionary<string, string>
            {
                // With no agent the estimated wait is 180 s for the first caller: the offer comes at the first tick.
                ["estimated_wait_seconds"] = "10",
                ["key_timeout_seconds"] = "20",
                ["wrap_up_seconds"] = "0",
                ["announce_every_seconds"] = "300",
            },
            carrierPort);

    private static Dictionary<string, string> Settings(TestDialplan plan) => new()
    {
        [plan.Setting.Key] = plan.Setting.Value,
    };

    private static IReadOnlyList<SipTraceMessage> Invites(SippProcess phone) =>
        [.. SipTraceMessage.Read(phone.Directory).Where(m => m.Received && m.Method == "INVITE")];

    private static async Task<JsonElement> RecordOfCallerAsync(HotlineApi api, string callerNumber)
    {
        JsonElement found = default;
        await WaitUntilAsync(
            async () =>
            {
                foreach (var record in (await api.GetAsync("api/records")).EnumerateArray())
                {
                    if (Text(record, "callerNumber") == callerNumber)
                    {
                        found = record;
                        return true;
                    }
                }

                return false;
            },
            TimeSpan.FromSeconds(10),
            $"the call record of caller {callerNumber}");
        return found;
    }

    private static async Task<JsonElement> WaitForAgentAsync(HotlineApi api, string agentId, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        JsonElement agent = default;
        await WaitUntilAsync(async () => condition(agent = await api.GetAgentAsync(agentId)), timeout, $"{agentId} in the expected state");
        return agent;
    }

    private static int State(JsonElement agent) => agent.GetProperty("state").GetInt32();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
