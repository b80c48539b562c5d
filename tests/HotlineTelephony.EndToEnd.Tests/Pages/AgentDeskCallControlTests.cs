using HotlineTelephony.EndToEnd.Tests.CallCenter;
using HotlineTelephony.EndToEnd.Tests.Harness;
using Xunit.Abstractions;
using static HotlineTelephony.EndToEnd.Tests.Pages.PageUsers;

namespace HotlineTelephony.EndToEnd.Tests.Pages;

/// <summary>
/// The agent desktop's call controls on a real call: a SIPp caller on the carrier trunk, agent-01's phone (SIPp
/// registered as 1001, silent), a SIPp department behind the local-test trunk (rings, answers, waits for BYE), and the desktop in Chromium.
/// Hold is the server's own: the caller's leg gets music from the bridge and no re-INVITE goes to either phone
/// (HotlineCall.HoldCaller), so the test listens to the RTP the server sends the caller (its SDP names an
/// <see cref="RtpListener"/>) and reads both phones' SIP traces.
/// </summary>
public sealed class AgentDeskCallControlTests(ITestOutputHelper output)
{
    private const string Caller = "13800138011";

    /// <summary>The department of directory entry 02 (市市场监督管理局) in dialplans/city-centre.yaml.</summary>
    private const string DepartmentNumber = "071612315";

    /// <summary>Hold music peaks at −14 dBFS; the silent agent gives (at most) G.711 silence, a few units.</summary>
    private const double MusicRms = 300;

    private const double QuietRms = 100;

    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(1);

    [Fact(Timeout = 240_000)]
    public async Task R_TEL_11_HoldPlaysMusicToTheCallerResumeEndsItAndThreeWayFromTheDirectoryCallsTheDepartment()
    {
        const string Test = nameof(R_TEL_11_HoldPlaysMusicToTheCallerResumeEndsItAndThreeWayFromTheDirectoryCallsTheDepartment);
        var setup = CallCenterSetup.Create(Test);
        int departmentPort = FreePorts.Next();
        setup.WriteDialplan(departmentPort: departmentPort);
        // These SIPp peers send no RTP: keep the legs from timing out while the browser is slow.
        await using var server = await setup.StartServerAsync(new Dictionary<string, string> { ["Media:RtpTimeoutSeconds"] = "300" });
        using var api = CallCenterSetup.Api(server);
        await using var department = SippRunner.Start(Test, new SippOptions { ScenarioFile = "uas_ring_answer.xml", LocalPort = departmentPort, Timeout = TimeSpan.FromSeconds(180) });
        await using var phone = await setup.StartAgentAsync(server, api, 1, TimeSpan.FromSeconds(180));
        await using var browser = await BrowserSession.StartAsync(Test);
        using var callerAudio = RtpListener.Start();
        await browser.CaptureOnFailureAsync(async () =>
        {
            var agent = await OpenSignedInAsync(browser, server, "agent", "/agent", Agent1001);
            await agent.WaitForTextAsync("#directory option", text => text != "通讯录加载中…", Wait, "the directory loaded from the hub");

            await using var caller = setup.StartCaller(server, ScenarioCopy.QueueCallerWithMediaAt(Test, TimeSpan.FromSeconds(150), callerAudio.Port), Caller, TimeSpan.FromSeconds(180));
            string callId = (await CallCenterSetup.WaitForCallAsync(api, CallCenterSetup.IsTalking, Wait, "agent-01 talking to the caller")).GetProperty("callId").GetString()!;
            await agent.WaitForTextAsync("#pop-status", "通话中", Wait);
            Assert.Equal(callId, await agent.TextAsync("#pop-call-id"));
            // Queue music stops once the agent is bridged in: the caller hears the silent agent.
            var before = await callerAudio.WaitForLevelAsync(level => level.Rms < QuietRms, s_window, Wait, "quiet from the silent agent before hold");

            await agent.ClickAsync("#hold");
            await agent.WaitForTextAsync("#control-message", "保持：成功", Wait);
            var held = await callerAudio.WaitForLevelAsync(level => level.Packets >= 25 && level.Rms > MusicRms, s_window, Wait, "hold music to the caller");
            await agent.ScreenshotAsync("agent-on-hold");

            await agent.ClickAsync("#resume");
            await agent.WaitForTextAsync("#control-message", "恢复：成功", Wait);
            var resumed = await callerAudio.WaitForLevelAsync(level => level.Rms < QuietRms, s_window, Wait, "the silent agent again after resume");
            output.WriteLine($"Heard by the caller over 1 s: before hold {before}; on hold {held}; after resume {resumed}.");

            // 三方通话 with the entry picked from the directory: answered by the department means "consulting".
            await agent.SelectAsync("#directory", DepartmentNumber);
            await agent.ClickAsync("#three-way");
            await agent.WaitForTextAsync("#control-message", text => text.StartsWith("三方通话", StringComparison.Ordinal), Wait, "the three-way call's answer");
            Assert.Equal("三方通话：成功", await agent.TextAsync("#control-message"));
            // While the agent consults, the caller waits on hold again.
            await callerAudio.WaitForLevelAsync(level => level.Packets >= 25 && level.Rms > MusicRms, s_window, Wait, "the caller held during the consultation");
            Assert.Contains(await CallCenterSetup.EventsAsync(api), e => CallCenterSetup.Is(e, CallCenterSetup.EventKind.ThirdPartyDialled, callId));
            await agent.ScreenshotAsync("agent-three-way");

            await agent.ClickAsync("#hang-up");
            await agent.WaitForTextAsync("#pop-status", "通话已结束", Wait);

            var departmentRun = await department.WaitForExitAsync();
            var callerRun = await caller.WaitForExitAsync();
            var phoneRun = await phone.WaitForExitAsync();
            Assert.True(departmentRun.AllCallsSucceeded, departmentRun.ToString());
            Assert.True(callerRun.AllCallsSucceeded, callerRun.ToString());
            Assert.True(phoneRun.AllCallsSucceeded, phoneRun.ToString());

            string invite = CallCenterSetup.Received(departmentRun.ReadMessageTrace(), "INVITE") ?? throw new Xunit.Sdk.XunitException("The department got no INVITE.");
            Assert.Contains($"INVITE sip:{DepartmentNumber}@", invite, StringComparison.Ordinal);
            Assert.Equal(callId, CallCenterSetup.Header(invite, "X-Hotline-Call-Id"));
            Assert.NotNull(CallCenterSetup.Received(departmentRun.ReadMessageTrace(), "BYE"));

            // Hold and resume were done in the bridge: neither phone got a re-INVITE (one INVITE, the agent's offer).
            Assert.Null(CallCenterSetup.Received(callerRun.ReadMessageTrace(), "INVITE"));
            Assert.Single(CallCenterSetup.ReceivedMessages(phoneRun.ReadMessageTrace()), m => m.Contains("\nINVITE sip:", StringComparison.Ordinal));
        });
    }
}
