using System.Net.Http.Json;
using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// Agents change their state from the phone: a registered extension dials a feature code of the dialplan (*21 log in,
/// *24X not ready with a reason, *23 ready, *22 log out); the server confirms with a beep, hangs up, and the agent's
/// grain has changed, as the API shows. A phone that is not an agent's, or a caller from a trunk, cannot use them.
/// </summary>
public sealed class FeatureCodeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AgentLogsInGoesNotReadyWithAReasonReadyAndLogsOutFromThePhone()
    {
        const string Test = nameof(AgentLogsInGoesNotReadyWithAReasonReadyAndLogsOutFromThePhone);
        string directory = TestPaths.CreateTestDirectory(Test, "data");
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string>
        {
            ["CallRecords:ConnectionString"] = $"Data Source={Path.Combine(directory, "hotline.db")}",
            ["Media:Recording:Folder"] = Path.Combine(directory, "recordings"),

            // The phone runs on 127.0.0.1 like the demo trunk; moving the trunk away makes it an ordinary phone,
            // challenged for its extension's credentials.
            ["Trunks:0:Address"] = "192.0.2.1",
        });
        using var http = server.CreateHttpClient(s_timeout);

        await DialAsync(Test, server, "*21");
        Assert.Equal("Ready", await StateAsync(http, "agent-01"));

        await DialAsync(Test, server, "*243");
        var agent = await AgentAsync(http, "agent-01");
        Assert.Equal("NotReady", StateName(agent));
        Assert.Equal("reason-3", agent.GetProperty("notReadyReason").GetString());

        await DialAsync(Test, server, "*23");
        Assert.Equal("Ready", await StateAsync(http, "agent-01"));

        await DialAsync(Test, server, "*22");
        Assert.Equal("LoggedOut", await StateAsync(http, "agent-01"));
    }

    [Fact]
    public async Task FeatureCodeFromATrunkCallerIsRefused()
    {
        const string Test = nameof(FeatureCodeFromATrunkCallerIsRefused);
        string directory = TestPaths.CreateTestDirectory(Test, "data");
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string>
        {
            ["CallRecords:ConnectionString"] = $"Data Source={Path.Combine(directory, "hotline.db")}",
        });

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = server.SipEndpoint,
            Service = "*21",
            Timeout = s_timeout,
        });

        Assert.Equal(1, caller.Statistics?.FailedCalls);
        Assert.Contains("SIP/2.0 403", caller.ErrorLog, StringComparison.Ordinal);
    }

    private static async Task DialAsync(string test, ServerProcess server, string code)
    {
        var phone = await SippRunner.RunAsync(test, new SippOptions
        {
            ScenarioFile = "uac_feature_code.xml",
            Remote = server.SipEndpoint,
            Service = code,
            AuthUser = "1001",
            AuthPassword = "agent1001",

            // SIPp signs "sip:host:port" unless told the Request-URI; the server checks the digest uri against it.
            ExtraArguments = ["-auth_uri", $"{code}@{server.SipEndpoint}"],
            Keys = new Dictionary<string, string> { ["ext"] = "1001" },
            Timeout = s_timeout,
        });
        Assert.True(phone.AllCallsSucceeded, phone.ToString());
    }

    private static async Task<string> StateAsync(HttpClient http, string agentId) => StateName(await AgentAsync(http, agentId));

    private static async Task<JsonElement> AgentAsync(HttpClient http, string agentId) =>
        await http.GetFromJsonAsync<JsonElement>($"api/agents/{agentId}");

    private static string StateName(JsonElement agent)
    {
        var state = agent.GetProperty("state");
        return state.ValueKind == JsonValueKind.Number
            ? ((string[])["LoggedOut", "Ready", "NotReady", "Offered", "Talking", "WrapUp"])[state.GetInt32()]
            : state.GetString()!;
    }
}
