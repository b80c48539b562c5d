using System.Net.Http.Json;
using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// The one-key transfer from the agent's phone (R-TEL-10): during a call the agent keys *110 (here as SIP INFO
/// dtmf-relay); the server calls the 110 gateway with the caller's number as P-Asserted-Identity and the shared data,
/// and joins caller, agent and dispatcher when the gateway answers.
/// </summary>
public sealed class InCallKeysTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task R_TEL_10_AgentKeyingStar110ReachesThe110GatewayWithTheCallersNumberAndTheSharedData()
    {
        const string Test = nameof(R_TEL_10_AgentKeyingStar110ReachesThe110GatewayWithTheCallersNumberAndTheSharedData);
        string directory = TestPaths.CreateTestDirectory(Test, "data");
        int gatewayPort = FreePorts.Next();
        string plans = Path.Combine(directory, "dialplan");
        Directory.CreateDirectory(plans);
        string shipped = File.ReadAllText(Path.Combine(Path.GetDirectoryName(TestPaths.ServerDll)!, "dialplans", "city-centre.yaml"));
        string plan = shipped.Replace(
            "  - name: emergency-gateway              # towards 110/119/120/122\n    address: 127.0.0.1\n",
            $"  - name: emergency-gateway\n    address: 127.0.0.1\n    port: {gatewayPort}\n",
            StringComparison.Ordinal);
        Assert.Contains($"port: {gatewayPort}", plan, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(plans, "city.yaml"), plan);
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string>
        {
            ["Dialplan:Folder"] = plans,
            ["CallRecords:ConnectionString"] = $"Data Source={Path.Combine(directory, "hotline.db")}",
            ["Media:Recording:Folder"] = Path.Combine(directory, "recordings"),
        });
        using var http = server.CreateHttpClient(s_timeout);

        int phonePort = await Calls.ExtensionCallTests.RegisterExtensionAsync(Test, server, "1001", "agent1001");
        (await http.PostAsync("api/agents/agent-01/login", null)).EnsureSuccessStatusCode();
        await using var gateway = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_emergency_gateway.xml",
            LocalPort = gatewayPort,
            Timeout = s_timeout,
        });
        await using var agent = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_agent_keys.xml",
            LocalPort = phonePort,
            Keys = new Dictionary<string, string> { ["code1"] = "*", ["code2"] = "1", ["code3"] = "1", ["code4"] = "0" },
            Timeout = s_timeout,
        });
        string callerScenario = Path.Combine(directory, "caller.xml");
        File.WriteAllText(callerScenario, File.ReadAllText(Path.Combine(TestPaths.ScenariosDirectory, "uac_queue_caller.xml")).Replace("timeout=\"20000\"", "timeout=\"9000\"", StringComparison.Ordinal));

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = callerScenario,
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = "13800000001" },
            Timeout = s_timeout,
        });
        var dispatcher = await gateway.WaitForExitAsync();
        var phone = await agent.WaitForExitAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.True(phone.AllCallsSucceeded, phone.ToString());
        Assert.True(dispatcher.AllCallsSucceeded, dispatcher.ToString());
        string invite = dispatcher.ReadMessageTrace();
        Assert.Contains("INVITE sip:110@", invite, StringComparison.Ordinal);
        Assert.Contains("P-Asserted-Identity: <sip:13800000001@", invite, StringComparison.Ordinal);
        Assert.Contains("X-Hotline-Agent: agent-01", invite, StringComparison.Ordinal);
        Assert.Contains("X-Hotline-Caller: 13800000001", invite, StringComparison.Ordinal);

        var events = await http.GetFromJsonAsync<JsonElement>("api/records/events");
        var kinds = events.EnumerateArray().Select(e => e.GetProperty("kind")).Select(k => k.ValueKind == JsonValueKind.Number ? k.GetInt32() : -1).ToList();
        Assert.Contains(26, kinds); // EmergencyTransferStarted
        Assert.Contains(27, kinds); // EmergencyTransferAnswered
    }
}
