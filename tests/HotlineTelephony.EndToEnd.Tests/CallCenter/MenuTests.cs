using System.Net.Http.Json;
using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// A centre that wants an IVR menu enables it in its policy (GB/T 33358 discourages menus, so the shipped plan has
/// none, R-CH-05): after the welcome the caller hears the menu prompt, a key picks the queue, no key means the
/// menu's default queue. What the caller chose is seen in the ACD event log (CallEnqueued in that queue).
/// </summary>
public sealed class MenuTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task R_CH_05_KeyPressedInAnEnabledMenuQueuesTheCallerInThatOptionsQueue()
    {
        const string Test = nameof(R_CH_05_KeyPressedInAnEnabledMenuQueuesTheCallerInThatOptionsQueue);
        await using var server = await StartWithMenuAsync(Test);

        // Presses 1, 2, 3 and # half a second after the answer, then hangs up: the first key decides.
        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = "uac_dtmf_rfc4733.xml",
            Remote = server.SipEndpoint,
            Service = "12345",
            MediaPort = FreePorts.Next(neighbours: 1),
            Timeout = s_timeout,
        });

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal("expert-market", await EnqueuedQueueAsync(server));
    }

    [Fact]
    public async Task R_CH_05_CallerWhoPressesNothingIsQueuedInTheMenusDefaultQueue()
    {
        const string Test = nameof(R_CH_05_CallerWhoPressesNothingIsQueuedInTheMenusDefaultQueue);
        await using var server = await StartWithMenuAsync(Test);
        string scenario = Path.Combine(TestPaths.CreateTestDirectory(Test, "scenario"), "caller.xml");
        File.WriteAllText(scenario, File.ReadAllText(Path.Combine(TestPaths.ScenariosDirectory, "uac_queue_caller.xml")).Replace("timeout=\"20000\"", "timeout=\"16000\"", StringComparison.Ordinal));

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = scenario,
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = "13800000001" },
            Timeout = s_timeout,
        });

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal("general", await EnqueuedQueueAsync(server));
    }

    private static async Task<ServerProcess> StartWithMenuAsync(string test)
    {
        string directory = TestPaths.CreateTestDirectory(test, "data");
        string plans = Path.Combine(directory, "dialplan");
        Directory.CreateDirectory(plans);
        string shipped = File.ReadAllText(Path.Combine(Path.GetDirectoryName(TestPaths.ServerDll)!, "dialplans", "city-centre.yaml"));
        string withMenu = shipped
            .Replace("ivr_menu_enabled: false", "ivr_menu_enabled: true", StringComparison.Ordinal)
            .Replace("welcome_prompt: welcome-12345, queue: general }", "welcome_prompt: welcome-12345, queue: general, menu: main }", StringComparison.Ordinal)
            + """

            menus:
              - id: main
                prompt: welcome
                timeout_seconds: 3
                default_queue: general
                options:
                  - { key: "1", queue: expert-market }
                  - { key: "2", queue: expert-hrss }
            """;
        Assert.Contains("menu: main }", withMenu, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(plans, "city.yaml"), withMenu);
        return await ServerProcess.StartAsync(test, new Dictionary<string, string>
        {
            ["Dialplan:Folder"] = plans,
            ["CallRecords:ConnectionString"] = $"Data Source={Path.Combine(directory, "hotline.db")}",
            ["Media:Recording:Folder"] = Path.Combine(directory, "recordings"),
        });
    }

    private static async Task<string?> EnqueuedQueueAsync(ServerProcess server)
    {
        using var http = server.CreateHttpClient(s_timeout);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var events = await http.GetFromJsonAsync<JsonElement>("api/records/events");
            foreach (var e in events.EnumerateArray())
            {
                var kind = e.GetProperty("kind");
                if (kind.ValueKind == JsonValueKind.Number ? kind.GetInt32() == 2 : kind.GetString() == "CallEnqueued")
                {
                    return e.GetProperty("queueId").GetString();
                }
            }

            await Task.Delay(200);
        }

        return null;
    }
}
