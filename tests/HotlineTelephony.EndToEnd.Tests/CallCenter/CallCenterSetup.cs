using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// What the call-centre end-to-end tests share: a per-test folder with its own copy of the shipped dialplan (trunk
/// ports pointed at the test's SIPp peers), its own database and recordings, agents' SIPp phones, queue callers, and
/// the REST API read as JSON (enums arrive as numbers, see <see cref="EventKind"/>).
/// </summary>
internal sealed class CallCenterSetup
{
    private CallCenterSetup(string test, string directory)
    {
        Test = test;
        Directory = directory;
        DialplanFolder = Path.Combine(directory, "dialplans");
        System.IO.Directory.CreateDirectory(DialplanFolder);
    }

    public string Test { get; }

    /// <summary>The test's own folder: dialplans/, hotline.db, recordings/, generated scenarios.</summary>
    public string Directory { get; }

    public string DialplanFolder { get; }

    public string DialplanFile => Path.Combine(DialplanFolder, "city-centre.yaml");

    public string RecordingsFolder => Path.Combine(Directory, "recordings");

    public static CallCenterSetup Create(string test) => new(test, TestPaths.CreateTestDirectory(test, "callcentre"));

    /// <summary>
    /// Copies dialplans/city-centre.yaml with outgoing calls to the departments (trunk local-test) and to the emergency
    /// gateway sent to the given SIPp ports on 127.0.0.1, then applies <paramref name="edit"/> to the text.
    /// </summary>
    public void WriteDialplan(int? departmentPort = null, int? gatewayPort = null, Func<string, string>? edit = null)
    {
        string text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "dialplans", "city-centre.yaml"));
        if (departmentPort is int department)
        {
            text = WithTrunkPort(text, "local-test", department);
        }

        if (gatewayPort is int gateway)
        {
            text = WithTrunkPort(text, "emergency-gateway", gateway);
        }

        File.WriteAllText(DialplanFile, edit is null ? text : edit(text));
    }

    /// <summary>
    /// Starts the server on this test's dialplan copy, database and recordings folder. Its RTP ports are a window of
    /// its own below the default 20000-29999: servers of other tests running at the same time allocate pairs in a row
    /// from there, and a block of theirs can outlast the 16 bind attempts of a new session. The registrar's OPTIONS
    /// keep-alive is slowed down because SIPp phones take it as an unexpected message.
    /// </summary>
    public Task<ServerProcess> StartServerAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        int rtpBase = 10_000 + (2 * Random.Shared.Next(0, 4_900));
        var settings = new Dictionary<string, string>
        {
            ["Dialplan:Folder"] = DialplanFolder,
            ["CallRecords:ConnectionString"] = $"Data Source={Path.Combine(Directory, "hotline.db")}",
            ["Media:Recording:Folder"] = RecordingsFolder,
            ["Media:RtpPortMin"] = rtpBase.ToString(CultureInfo.InvariantCulture),
            ["Media:RtpPortMax"] = (rtpBase + 199).ToString(CultureInfo.InvariantCulture),
            ["Registrar:KeepAliveSeconds"] = "600",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return ServerProcess.StartAsync(Test, settings);
    }

    /// <summary>
    /// A copy of Scenarios/uac_queue_caller.xml that hangs up after <paramref name="hangUpAfter"/> unless the server
    /// sends BYE first (SIPp takes no keyword in a timeout attribute).
    /// </summary>
    public string QueueCallerScenario(TimeSpan hangUpAfter) =>
        ScenarioCopy("uac_queue_caller.xml", "timeout=\"20000\"", $"timeout=\"{(int)hangUpAfter.TotalMilliseconds}\"");

    /// <summary>Writes a copy of a scenario with one text replaced; the replaced text must be there.</summary>
    public string ScenarioCopy(string scenario, string find, string replace)
    {
        string text = File.ReadAllText(Path.Combine(TestPaths.ScenariosDirectory, scenario));
        Assert.Contains(find, text, StringComparison.Ordinal);
        string path = Path.Combine(Directory, $"{Path.GetFileNameWithoutExtension(scenario)}-{Guid.NewGuid().ToString("N")[..6]}.xml");
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
        return path;
    }

    /// <summary>Starts a SIPp caller to 12345 from the trusted local-test trunk (127.0.0.1) with the given number.</summary>
    public SippProcess StartCaller(ServerProcess server, string scenario, string callerNumber, TimeSpan timeout, IReadOnlyList<string>? extraArguments = null) =>
        SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = scenario,
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = callerNumber },
            Timeout = timeout,
            ExtraArguments = extraArguments ?? [],
        });

    /// <summary>
    /// The agent's phone (<see cref="AgentPhone"/>): registers the extension with SIPp (digest), then answers on the
    /// same port with <paramref name="scenario"/>; the agent is then logged in through the API (ready).
    /// </summary>
    public async Task<SippProcess> StartAgentAsync(ServerProcess server, HttpClient api, int agent, TimeSpan timeout, string scenario = "uas_ring_answer.xml", bool login = true)
    {
        var phone = await AgentPhone.StartAsync(Test, server, (1000 + agent).ToString(CultureInfo.InvariantCulture), scenario, timeout: timeout);
        if (login)
        {
            await LoginAsync(api, agent);
        }

        return phone;
    }

    public static async Task LoginAsync(HttpClient api, int agent)
    {
        using var response = await api.PostAsync(new Uri($"api/agents/{AgentId(agent)}/login", UriKind.Relative), null);
        Assert.True(response.IsSuccessStatusCode, $"login of {AgentId(agent)}: {(int)response.StatusCode}");
    }

    public static string AgentId(int agent) => "agent-" + agent.ToString("00", CultureInfo.InvariantCulture);

    public static HttpClient Api(ServerProcess server) => server.CreateHttpClient(TimeSpan.FromSeconds(60));

    /// <summary>Polls GET /api/calls until a live call matches; returns its JSON.</summary>
    public static Task<JsonElement> WaitForCallAsync(HttpClient api, Func<JsonElement, bool> match, TimeSpan timeout, string what) =>
        PollAsync(async () =>
        {
            var calls = await api.GetFromJsonAsync<JsonElement>(new Uri("api/calls", UriKind.Relative));
            return calls.EnumerateArray().Where(match).Select(c => (JsonElement?)c).FirstOrDefault();
        }, timeout, what);

    /// <summary>A live call with an agent talking on it (state Talking and an agent id).</summary>
    public static bool IsTalking(JsonElement call) =>
        call.GetProperty("state").GetInt32() == CallStateTalking && call.GetProperty("agentId").ValueKind == JsonValueKind.String;

    /// <summary>The ACD event log (GET /api/records/events).</summary>
    public static async Task<JsonElement[]> EventsAsync(HttpClient api) =>
        [.. (await api.GetFromJsonAsync<JsonElement>(new Uri("api/records/events", UriKind.Relative))).EnumerateArray()];

    public static Task<JsonElement> WaitForEventAsync(HttpClient api, Func<JsonElement, bool> match, TimeSpan timeout, string what) =>
        PollAsync(async () => (await EventsAsync(api)).Where(match).Select(e => (JsonElement?)e).FirstOrDefault(), timeout, what);

    public static bool Is(JsonElement acdEvent, int kind, string? callId = null) =>
        acdEvent.GetProperty("kind").GetInt32() == kind
        && (callId is null || acdEvent.GetProperty("callId").GetString() == callId);

    /// <summary>The call record once written (GET /api/calls/{id}/record; written after the call's media closed).</summary>
    public static Task<JsonElement> WaitForRecordAsync(HttpClient api, string callId, TimeSpan timeout) =>
        PollAsync(async () =>
        {
            using var response = await api.GetAsync(new Uri($"api/calls/{Uri.EscapeDataString(callId)}/record", UriKind.Relative));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
        }, timeout, "the call record of " + callId);

    public static async Task<JsonElement?> PollAsync(Func<Task<JsonElement?>> probe, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (clock.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement?>> probe, TimeSpan timeout, string what) =>
        await PollAsync(probe, timeout) ?? throw new TimeoutException($"Not seen within {timeout.TotalSeconds:0} s: {what}.");

    /// <summary>The messages SIPp received, each from its "message received" banner to the next banner.</summary>
    public static IReadOnlyList<string> ReceivedMessages(string trace) =>
        [.. trace.Split("----------------------------------------------- ", StringSplitOptions.RemoveEmptyEntries)
            .Where(block => block.Contains("message received", StringComparison.Ordinal))];

    /// <summary>The received request of <paramref name="method"/>, or null.</summary>
    public static string? Received(string trace, string method) =>
        ReceivedMessages(trace).FirstOrDefault(m => m.Contains("\n" + method + " sip:", StringComparison.Ordinal));

    /// <summary>A header's value in one SIP message, or null.</summary>
    public static string? Header(string message, string name)
    {
        var match = Regex.Match(message, "^" + Regex.Escape(name) + @":\s*(.*?)\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    private static string WithTrunkPort(string plan, string trunk, int port)
    {
        var pattern = new Regex(@"(- name: " + Regex.Escape(trunk) + @"\b[^\n]*\n(\s+)address: 127\.0\.0\.1[^\n]*\n)");
        Assert.Matches(pattern, plan);
        return pattern.Replace(plan, m => m.Groups[1].Value + m.Groups[2].Value + "port: " + port.ToString(CultureInfo.InvariantCulture) + "\n", 1);
    }

    /// <summary>CallState.Talking as the API writes it.</summary>
    public const int CallStateTalking = 3;

    /// <summary>AcdEventKind values as the API writes them (src/HotlineTelephony.CallCenter/Acd/AcdEventKind.cs).</summary>
    public static class EventKind
    {
        public const int CallArrived = 1;
        public const int CallOffered = 4;
        public const int CallRestricted = 11;
        public const int ThirdPartyDialled = 23;
        public const int ThirdPartyJoined = 24;
        public const int EmergencyTransferStarted = 26;
        public const int EmergencyTransferAnswered = 27;
        public const int EmergencyTransferFailed = 28;
    }
}
