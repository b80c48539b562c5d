using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;
using Xunit.Abstractions;
using static HotlineTelephony.EndToEnd.Tests.Harness.HotlineApi;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// Issue 4's concurrency soak through SIP: the built server with 50 agents in the 12345 queue, their phones one SIPp
/// answering at random (Scenarios/uas_soak_agent.xml: answer after a random ring, reject, never answer, random talk),
/// 500 SIPp callers to 12345 hanging up at random moments (Scenarios/uac_soak_caller.xml), and the agents toggled
/// ready/not-ready at random through the REST API meanwhile. Afterwards everything is judged from outside: the ACD
/// event log, the call records and the live state on the REST API.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const string Queue = "general";
    private const int Callers = 500;
    private const int Agents = 50;

    // Five new callers a second: about 60 calls at once at the peak, which a loaded 2-core machine keeps up with.
    private const double CallsPerSecond = 5;

    private static readonly HashSet<string> s_explicitDispositions = new(StringComparer.Ordinal)
    {
        "answered", "abandoned", "voice-message", "callback-requested", "sms-link",
    };

    [Fact(Timeout = 240_000)]
    public async Task FiveHundredCallersAndFiftyTogglingAgentsOverSipLeaveNoDoubleOfferNoStuckAgentNoLostCallerAndOneCompleteRecordPerCall()
    {
        const string Test = nameof(FiveHundredCallersAndFiftyTogglingAgentsOverSipLeaveNoDoubleOfferNoStuckAgentNoLostCallerAndOneCompleteRecordPerCall);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var setup = CallCenterSetup.Create(Test);
        setup.WriteDialplan(edit: SoakPlan);
        await using var server = await setup.StartServerAsync(ServerSettings());
        using var api = new HotlineApi(server);

        // Every agent's extension registers from one SIPp port; one SIPp on that port then answers them all.
        int phonesPort = FreePorts.Next();
        string users = Path.Combine(setup.Directory, "agents.csv");
        File.WriteAllLines(users, ["SEQUENTIAL", .. Enumerable.Range(1, Agents).Select(i => $"{Extension(i)};[authentication username={Extension(i)} password=agent{Extension(i)}]")]);
        var registration = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = "uac_register_users.xml",
            Remote = server.SipEndpoint,
            LocalPort = phonesPort,
            Calls = Agents,
            CallRate = 25,
            Timeout = TimeSpan.FromSeconds(30),
            ExtraArguments = ["-inf", users],
        });
        Assert.True(registration.AllCallsSucceeded, registration.ToString());
        await using var phones = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_soak_agent.xml",
            LocalPort = phonesPort,
            Calls = 100_000,
            Timeout = TimeSpan.FromSeconds(300),
        });
        for (int i = 1; i <= Agents; i++)
        {
            await api.LoginAsync(CallCenterSetup.AgentId(i));
        }

        await using var callers = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uac_soak_caller.xml",
            Remote = server.SipEndpoint,
            Service = "12345",
            Calls = Callers,
            CallRate = CallsPerSecond,
            MaxConcurrentCalls = 250,
            Timeout = TimeSpan.FromSeconds(180),
            TraceMessages = false,
        });

        // Agents go ready and not-ready at random while the callers come, through the API as a desktop would.
        using var stopToggling = new CancellationTokenSource();
        var toggling = ToggleAgentsAsync(api, stopToggling.Token);
        var callerResult = await callers.WaitForExitAsync();
        await stopToggling.CancelAsync();
        int toggles = await toggling;

        // Quiescence: no live call, nobody waiting, every agent settled, every call's record written.
        var quiet = await WaitForQuiescenceAsync(api, started, TimeSpan.FromSeconds(45));

        var events = await api.EventsAsync();
        var audit = AcdEventAudit.Of(events);
        var records = (await RecordsAsync(api, started)).Where(r => Text(r, "dialledNumber") == "12345").ToList();
        var agents = (await api.GetAsync("api/agents")).EnumerateArray().ToList();
        var queue = await api.GetQueueAsync(Queue);
        var metrics = await api.GetAsync("api/records/metrics");
        var folded = metrics.GetProperty("queues").GetProperty(Queue);
        var wire = AgentPhonesWireAudit.Of(SipTraceMessage.Read(phones.Directory));

        string summary = Summary(clock.Elapsed, callerResult, toggles, quiet, audit, wire, records, agents, queue, folded, phones.Directory);
        output.WriteLine(summary);

        // SIPp: every caller got through the whole scenario (answered, then hung up or was hung up on).
        Assert.True(callerResult.Statistics is { } stats && stats.TotalCallsCreated == Callers && stats.SuccessfulCalls == Callers && stats.FailedCalls == 0,
            $"callers: {callerResult}{Environment.NewLine}{summary}");

        // The event log: no double offer, no agent with two calls, no double answer, every call arrived, queued and ended once.
        Assert.True(audit.Violations.Count == 0, $"event log:{Environment.NewLine}{string.Join(Environment.NewLine, audit.Violations.Take(40))}{Environment.NewLine}{summary}");
        Assert.Equal(Callers, audit.ArrivedCalls.Count);

        // The same on the wire, at the agents' phones: one INVITE per offer, no phone with two offers at once, no call
        // ringing or talking on two phones at once, no call answered on two phones.
        Assert.True(wire.Violations.Count == 0, $"agents' phones:{Environment.NewLine}{string.Join(Environment.NewLine, wire.Violations.Take(40))}{Environment.NewLine}{summary}");
        Assert.Equal(audit.Count(EventKinds.CallOffered), wire.Offers.Count);

        // Every agent settled once the calls are gone, in the state its last event says.
        Assert.Equal(Agents, agents.Count);
        foreach (var agent in agents)
        {
            string id = Text(agent, "agentId")!;
            int state = agent.GetProperty("state").GetInt32();
            Assert.True(state is AgentStates.Ready or AgentStates.NotReady && Text(agent, "callId") is null, $"{id} left in state {state} with call {Text(agent, "callId")}{Environment.NewLine}{summary}");
            Assert.True(audit.StateByEvents(id) == state, $"{id}: state {state}, its last event says {audit.StateByEvents(id)}");
        }

        // One complete record per call: ended, with an explicit disposition equal to the log's; answered ones with
        // agent, queue and recording (IncompleteRecords says what is checked).
        var recordIds = records.Select(r => Text(r, "callId")!).ToList();
        Assert.Equal(recordIds.Count, recordIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(audit.ArrivedCalls.Order(StringComparer.Ordinal), recordIds.Order(StringComparer.Ordinal));
        var incomplete = IncompleteRecords(records, audit, wire);
        Assert.True(incomplete.Count == 0, $"{incomplete.Count} incomplete records:{Environment.NewLine}{string.Join(Environment.NewLine, incomplete.Take(20))}{Environment.NewLine}{summary}");

        // The metrics recomputed from the event log equal the live counters exactly.
        Assert.Equal(0, metrics.GetProperty("contractViolations").GetInt64());
        Assert.Equal(0, queue.GetProperty("waiting").GetInt32());
        foreach (string counter in new[] { "entered", "answered", "answeredWithinServiceLevel", "abandoned", "shortAbandoned", "diverted", "waiting" })
        {
            Assert.True(
                queue.GetProperty(counter).GetInt64() == folded.GetProperty(counter).GetInt64(),
                $"{counter}: live {queue.GetProperty(counter)} ≠ event log {folded.GetProperty(counter)}{Environment.NewLine}{summary}");
        }

        Assert.Equal(Callers, queue.GetProperty("entered").GetInt64());
        Assert.Equal(Callers, queue.GetProperty("answered").GetInt64() + queue.GetProperty("abandoned").GetInt64() + queue.GetProperty("diverted").GetInt64());
        var byState = AgentsByState(queue);
        var foldedAgents = metrics.GetProperty("agents");
        foreach (var (name, count) in byState)
        {
            Assert.True(
                foldedAgents.TryGetProperty(name, out var replayed) && replayed.GetInt32() == count,
                $"agents {name}: live {count} ≠ event log {foldedAgents}{Environment.NewLine}{summary}");
        }

        // The soak did exercise what it is about: answers, misses, rejects, abandons while waiting and while ringing,
        // not-ready on request.
        Assert.True(audit.Count(EventKinds.OfferAnswered) > 0 && audit.Count(EventKinds.OfferMissed) > 0 && audit.Count(EventKinds.OfferRejected) > 0, summary);
        Assert.True(audit.AbandonedWhileRinging > 0 && audit.Count(EventKinds.CallAbandoned) > audit.AbandonedWhileRinging && audit.NotReadyOnRequest > 0, summary);

        // Passed: the 500 recordings (over 100 MB) are not worth keeping; the logs stay in TestLogs.
        server.KillHard();
        Directory.Delete(setup.RecordingsFolder, recursive: true);
    }

    /// <summary>
    /// Records that are not complete: each must have ended, after it arrived, in the general queue, with the caller
    /// among its parties and an explicit disposition equal to the log's CallEnded; the agent is the one that answered
    /// in the log (none for calls not answered); an answered call has its answer time, the agent among its parties, a
    /// recording on disk and a connected dialog on that agent's phone.
    /// </summary>
    private static List<string> IncompleteRecords(List<JsonElement> records, AcdEventAudit audit, AgentPhonesWireAudit wire)
    {
        var incomplete = new List<string>();
        foreach (var record in records)
        {
            string id = Text(record, "callId")!;
            string? disposition = Text(record, "disposition");
            string? agent = Text(record, "agentId");
            string? recording = Text(record, "recordingPath");
            var parties = record.GetProperty("parties").EnumerateArray().Select(p => p.GetString()).ToList();
            var arrivedAt = Time(record, "arrivedAt");
            var answeredAt = Time(record, "answeredAt");
            var endedAt = Time(record, "endedAt");
            bool complete = endedAt >= arrivedAt && arrivedAt is not null
                && disposition is not null && s_explicitDispositions.Contains(disposition)
                && disposition == audit.Dispositions.GetValueOrDefault(id)
                && agent == audit.AnsweredBy.GetValueOrDefault(id)
                && Text(record, "queueId") == Queue && parties.Contains("caller")
                && (disposition != "answered"
                    || (agent is not null && answeredAt >= arrivedAt && endedAt >= answeredAt && parties.Contains("agent " + agent)
                        && recording is not null && File.Exists(recording)));
            complete &= disposition != "answered"
                || wire.Offers.Any(o => o.Connected && o.HotlineCallId == id && o.Extension == ExtensionOf(agent));
            if (!complete)
            {
                incomplete.Add($"{id}: disposition {disposition} (log {audit.Dispositions.GetValueOrDefault(id)}), agent {agent} (log {audit.AnsweredBy.GetValueOrDefault(id)}), arrived {arrivedAt:HH:mm:ss.fff}, answered {answeredAt:HH:mm:ss.fff}, ended {endedAt:HH:mm:ss.fff}, queue {Text(record, "queueId")}, parties {string.Join("/", parties)}, recording {recording}");
            }
        }

        return incomplete;
    }

    /// <summary>
    /// The shipped plan with 50 agents in the general queue (agent-11…agent-50 added beside the ten demo agents) and
    /// short timings: 5 s of ringing (the least a plan may set), two misses before not-ready, 1 s of wrap-up, no
    /// overflow offer, and an abandon re-entry window longer than the test, so no missed-call callback starts while it
    /// runs.
    /// </summary>
    private static string SoakPlan(string plan)
    {
        string text = TestDialplan.WithGeneralQueue(plan, new Dictionary<string, string>
        {
            ["ring_timeout_seconds"] = "5",
            ["max_consecutive_misses"] = "2",
            ["wrap_up_seconds"] = "1",
            ["announce_every_seconds"] = "10",
            ["abandoned_reentry_seconds"] = "3600",
            ["enabled"] = "false",
        });
        const string LastDemoAgent = "  - { id: agent-10,";
        int at = text.IndexOf(LastDemoAgent, StringComparison.Ordinal);
        Assert.True(at >= 0, "city-centre.yaml no longer has agent-10");
        int lineEnd = text.IndexOf('\n', at) + 1;
        var added = new StringBuilder();
        for (int i = 11; i <= Agents; i++)
        {
            added.Append(CultureInfo.InvariantCulture, $"  - {{ id: {CallCenterSetup.AgentId(i)}, name: 话务员{i:00}, extension: \"{Extension(i)}\", queues: [general] }}\n");
        }

        return text.Insert(lineEnd, added.ToString());
    }

    /// <summary>Passwords for the added extensions, and an RTP window wide enough for about 80 calls with two legs each.</summary>
    private static Dictionary<string, string> ServerSettings()
    {
        int rtpBase = 10_000 + (2 * Random.Shared.Next(0, 4_000));
        var settings = new Dictionary<string, string>
        {
            ["Media:RtpPortMin"] = rtpBase.ToString(CultureInfo.InvariantCulture),
            ["Media:RtpPortMax"] = (rtpBase + 999).ToString(CultureInfo.InvariantCulture),
        };
        for (int i = 11; i <= Agents; i++)
        {
            settings[$"Registrar:Extensions:{Extension(i)}"] = "agent" + Extension(i);
        }

        return settings;
    }

    private static string Extension(int agent) => (1000 + agent).ToString(CultureInfo.InvariantCulture);

    private static string? ExtensionOf(string? agentId) =>
        Enumerable.Range(1, Agents).Where(i => CallCenterSetup.AgentId(i) == agentId).Select(Extension).FirstOrDefault();

    /// <summary>
    /// Every 20–120 ms one random agent is made ready or not ready (reason "break"), so each agent changes about every
    /// 4 s. Seven requests in ten are "ready", except in a "meeting" from 35 % to 60 % of the callers' arrival time when
    /// most agents leave: callers then wait, hear their position, and some give up while waiting. Returns how many
    /// requests were made.
    /// </summary>
    private static async Task<int> ToggleAgentsAsync(HotlineApi api, CancellationToken stop)
    {
        var arrivals = TimeSpan.FromSeconds(Callers / CallsPerSecond);
        var clock = Stopwatch.StartNew();
        int toggles = 0;
        var random = new Random();
        while (!stop.IsCancellationRequested)
        {
            double phase = clock.Elapsed / arrivals;
            int readyInTen = phase is >= 0.35 and < 0.6 ? 1 : 7;
            string agent = CallCenterSetup.AgentId(random.Next(1, Agents + 1));
            await (random.Next(10) < readyInTen ? api.ReadyAsync(agent) : api.PostAsync($"api/agents/{agent}/not-ready", new { Reason = "break" }));
            toggles++;
            try
            {
                await Task.Delay(random.Next(20, 120), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return toggles;
    }

    /// <summary>
    /// Waits (bounded) until no call is live, nobody waits, no agent is offered, talking or wrapping up, and a record
    /// exists for every call that arrived; answers how long that took, or null when it did not happen in time (the
    /// assertions then say what is off).
    /// </summary>
    private static async Task<TimeSpan?> WaitForQuiescenceAsync(HotlineApi api, DateTimeOffset since, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var calls = await api.GetAsync("api/calls");
            var queue = await api.GetQueueAsync(Queue);
            var agents = await api.GetAsync("api/agents");
            bool settled = calls.GetArrayLength() == 0
                && queue.GetProperty("waiting").GetInt32() == 0
                && agents.EnumerateArray().All(a => a.GetProperty("state").GetInt32() is AgentStates.Ready or AgentStates.NotReady);
            if (settled)
            {
                var arrived = (await api.EventsAsync()).Count(e => e.Kind == EventKinds.CallArrived);
                if ((await RecordsAsync(api, since)).Count >= arrived)
                {
                    return clock.Elapsed;
                }
            }

            await Task.Delay(500);
        }

        return null;
    }

    /// <summary>Every call record since <paramref name="since"/>, page by page (GET /api/records).</summary>
    private static async Task<List<JsonElement>> RecordsAsync(HotlineApi api, DateTimeOffset since)
    {
        var all = new List<JsonElement>();
        string from = Uri.EscapeDataString(since.AddMinutes(-1).ToString("o", CultureInfo.InvariantCulture));
        while (true)
        {
            var page = await api.GetAsync($"api/records?from={from}&skip={all.Count}&take=200");
            int before = all.Count;
            all.AddRange(page.EnumerateArray());
            if (all.Count - before < 200)
            {
                return all;
            }
        }
    }

    /// <summary>The queue's live agents-by-state as (camelCase state name, count), the names the metrics fold uses.</summary>
    private static IEnumerable<(string Name, int Count)> AgentsByState(JsonElement queue)
    {
        foreach (var property in queue.GetProperty("agentsByState").EnumerateObject())
        {
            string name = property.Name;
            if (name is "LoggedOut" or "loggedOut" or "0")
            {
                continue;
            }

            yield return (char.ToLowerInvariant(name[0]) + name[1..], property.Value.GetInt32());
        }
    }

    private static string Summary(
        TimeSpan elapsed,
        SippResult callers,
        int toggles,
        TimeSpan? quiet,
        AcdEventAudit audit,
        AgentPhonesWireAudit wire,
        List<JsonElement> records,
        List<JsonElement> agents,
        JsonElement queue,
        JsonElement folded,
        string phonesDirectory)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"soak: {Callers} callers at {CallsPerSecond}/s, {Agents} agents, {elapsed.TotalSeconds:F0} s; quiet {(quiet is { } q ? $"after {q.TotalSeconds:F1} s" : "NOT reached")}");
        var stats = callers.Statistics;
        text.AppendLine(CultureInfo.InvariantCulture, $"SIPp callers: exit {callers.ExitCode}, created {stats?.TotalCallsCreated}, successful {stats?.SuccessfulCalls}, failed {stats?.FailedCalls}, unexpected {stats?.FailedUnexpectedMessages}, retransmissions {stats?.Retransmissions}; files {callers.Directory}");
        text.AppendLine(CultureInfo.InvariantCulture, $"agent phones: files {phonesDirectory}; ready/not-ready requests {toggles}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"events: arrived {audit.Count(EventKinds.CallArrived)}, offered {audit.Count(EventKinds.CallOffered)}, answered {audit.Count(EventKinds.OfferAnswered)}, missed {audit.Count(EventKinds.OfferMissed)}, rejected {audit.Count(EventKinds.OfferRejected)}, cancelled {audit.Count(EventKinds.OfferCancelled)}, abandoned {audit.Count(EventKinds.CallAbandoned)} (while ringing {audit.AbandonedWhileRinging}), ended {audit.Count(EventKinds.CallEnded)}, announced {audit.Count(EventKinds.PositionAnnounced)}, not-ready {audit.Count(EventKinds.AgentNotReady)} (asked {audit.NotReadyOnRequest}), missed-too-many {audit.Count(EventKinds.AgentMissedTooMany)}, wrap-ups {audit.Count(EventKinds.AgentWrapUpStarted)}; violations {audit.Violations.Count}");
        var answeredCalls = audit.AnsweredBy.Keys.ToHashSet(StringComparer.Ordinal);
        text.AppendLine(CultureInfo.InvariantCulture, $"agents' phones: INVITEs {wire.Offers.Count}, answered {wire.Offers.Count(o => o.Answered)}, connected {wire.Offers.Count(o => o.Connected)} (of which released at once because the caller left as the phone answered {wire.Offers.Count(o => o.Connected && !answeredCalls.Contains(o.HotlineCallId))}), cancelled {wire.Offers.Count(o => o.Cancelled)}; violations {wire.Violations.Count}");
        text.AppendLine("records by disposition: " + string.Join(", ", records.GroupBy(r => Text(r, "disposition") ?? "(none)").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")) + $"; total {records.Count}");
        text.AppendLine("agents by state: " + string.Join(", ", agents.GroupBy(a => a.GetProperty("state").GetInt32()).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        text.AppendLine("live queue: " + queue.ToString());
        text.Append("event log fold: " + folded.ToString());
        return text.ToString();
    }

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
