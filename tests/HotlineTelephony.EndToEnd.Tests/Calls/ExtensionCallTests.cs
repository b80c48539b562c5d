using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Calls;

/// <summary>
/// A SIPp "phone" registers as agent extension 1001 with digest authentication, then answers as SIPp uas on the
/// same port; a SIPp uac on the trusted trunk calls 1001 and the server bridges the call B2BUA-style.
/// </summary>
public sealed class ExtensionCallTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CallsToARegisteredExtensionAreBridgedToItsContact()
    {
        const string Test = nameof(CallsToARegisteredExtensionAreBridgedToItsContact);
        string data = TestPaths.CreateTestDirectory(Test, "data");
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string>
        {
            ["CallRecords:ConnectionString"] = $"Data Source={Path.Combine(data, "hotline.db")}",
            ["Media:Recording:Folder"] = Path.Combine(data, "recordings"),
        });
        int phonePort = await RegisterExtensionAsync(Test, server, "1001", "agent1001");

        await using var phone = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_ring_answer.xml",
            LocalPort = phonePort,
            Calls = 10,
            Timeout = s_timeout,
        });
        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = server.SipEndpoint,
            Service = "1001",
            Calls = 10,
            CallRate = 10,
            Timeout = s_timeout,
        });
        var answered = await phone.WaitForExitAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal(10, caller.Statistics?.SuccessfulCalls);
        Assert.True(answered.AllCallsSucceeded, answered.ToString());
        Assert.Equal(10, answered.Statistics?.SuccessfulCalls);

        // Every call leaves a call record: the extension, the agent it belongs to, the recording.
        using var http = server.CreateHttpClient();
        System.Text.Json.JsonElement records = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            records = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(http, "api/records");
            if (records.GetArrayLength() == 10)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(10, records.GetArrayLength());
        Assert.All(records.EnumerateArray(), r =>
        {
            Assert.Equal("1001", r.GetProperty("dialledNumber").GetString());
            Assert.Equal("agent-01", r.GetProperty("agentId").GetString());
            Assert.True(File.Exists(r.GetProperty("recordingPath").GetString()), r.ToString());
        });
    }

    [Fact]
    public async Task CancelBeforeAnswerReachesTheExtensionAndTheCallerGets487()
    {
        const string Test = nameof(CancelBeforeAnswerReachesTheExtensionAndTheCallerGets487);
        await using var server = await ServerProcess.StartAsync(Test);
        int phonePort = await RegisterExtensionAsync(Test, server, "1002", "agent1002");

        await using var phone = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_ring_answer.xml",
            LocalPort = phonePort,
            Timeout = s_timeout,
        });
        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = "uac_cancel.xml",
            Remote = server.SipEndpoint,
            Service = "1002",
            Timeout = s_timeout,
        });
        var ringing = await phone.WaitForExitAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Contains("SIP/2.0 487", caller.ReadMessageTrace(), StringComparison.Ordinal);
        Assert.True(ringing.AllCallsSucceeded, ringing.ToString());
        Assert.Contains("CANCEL sip:", ringing.ReadMessageTrace(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToAnExtensionWithNoRegistrationGets480()
    {
        const string Test = nameof(CallToAnExtensionWithNoRegistrationGets480);
        await using var server = await ServerProcess.StartAsync(Test);

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = server.SipEndpoint,
            Service = "1003",
            Timeout = s_timeout,
        });

        Assert.Equal(1, caller.Statistics?.FailedCalls);
        Assert.Contains("SIP/2.0 480", caller.ErrorLog, StringComparison.Ordinal);
    }

    /// <summary>Registers the extension from a fresh port with SIPp and returns that port (the registered contact).</summary>
    internal static async Task<int> RegisterExtensionAsync(string test, ServerProcess server, string extension, string password)
    {
        int port = FreePorts.Next();
        var registration = await SippRunner.RunAsync(test, new SippOptions
        {
            ScenarioFile = "uac_register.xml",
            Remote = server.SipEndpoint,
            Service = extension,
            AuthUser = extension,
            AuthPassword = password,
            LocalPort = port,
            Timeout = s_timeout,
        });
        Assert.True(registration.AllCallsSucceeded, registration.ToString());
        return port;
    }
}
