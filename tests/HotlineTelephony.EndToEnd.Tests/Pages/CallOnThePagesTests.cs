using System.Globalization;
using HotlineTelephony.EndToEnd.Tests.CallCenter;
using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Pages.PageUsers;

namespace HotlineTelephony.EndToEnd.Tests.Pages;

/// <summary>
/// One call to 12345 followed on the pages: a SIPp caller from the carrier trunk, agent-01's phone (SIPp registered
/// as 1001), and the wallboard, the agent desktop (agent1001) and the dispatcher console open in Chromium. The pages
/// only react to what the hubs push; nothing is reloaded.
/// </summary>
public sealed class CallOnThePagesTests
{
    private const string WaitingFigure = "[data-figure=\"global.waiting\"]";
    private const string AnsweredFigure = "[data-figure=\"global.answeredToday\"]";

    [Fact(Timeout = 240_000)]
    public async Task WallboardCountsTheWaitingCallAndItsAnswerWhileTheAgentDesktopPopsTheCallerAndTheDispatcherSeesThe110Transfer_R_TEL_10()
    {
        const string Test = nameof(WallboardCountsTheWaitingCallAndItsAnswerWhileTheAgentDesktopPopsTheCallerAndTheDispatcherSeesThe110Transfer_R_TEL_10);
        const string Caller = "13800138000";
        var setup = CallCenterSetup.Create(Test);
        int gatewayPort = FreePorts.Next();
        setup.WriteDialplan(gatewayPort: gatewayPort);
        await using var server = await setup.StartServerAsync();
        using var api = CallCenterSetup.Api(server);
        await using var gateway = SippRunner.Start(Test, new SippOptions { ScenarioFile = "uas_emergency_gateway.xml", LocalPort = gatewayPort, Timeout = TimeSpan.FromSeconds(150) });
        // Registered but not signed in: the caller has to wait until the agent presses 就绪 on the desktop.
        await using var phone = await setup.StartAgentAsync(server, api, 1, TimeSpan.FromSeconds(150), login: false);
        await using var browser = await BrowserSession.StartAsync(Test);
        await browser.CaptureOnFailureAsync(async () =>
        {
            var wallboard = await OpenSignedInAsync(browser, server, "wallboard", "/wallboard", Supervisor);
            var agent = await OpenSignedInAsync(browser, server, "agent", "/agent", Agent1001);
            var dispatcher = await OpenSignedInAsync(browser, server, "dispatcher", "/dispatcher", Dispatcher);
            var backOffice = await OpenSignedInAsync(browser, server, "backoffice", "/backoffice", BackOffice);
            await wallboard.WaitForTextAsync(WaitingFigure, "0", Wait);
            int answeredBefore = int.Parse(await wallboard.WaitForTextAsync(AnsweredFigure, IsNumber, Wait, "answered today"), CultureInfo.InvariantCulture);

            await using var caller = setup.StartCaller(server, setup.QueueCallerScenario(TimeSpan.FromSeconds(90)), Caller, TimeSpan.FromSeconds(150));
            await wallboard.WaitForTextAsync(WaitingFigure, "1", Wait);
            Assert.Equal("1", await wallboard.TextAsync("tr[data-queue=\"general\"] [data-figure=\"waiting\"]"));
            await wallboard.ScreenshotAsync("wallboard-call-waiting");

            await agent.ClickAsync("#set-ready");
            await agent.WaitForTextAsync("#pop-caller", "138****8000", Wait);
            Assert.True(await agent.IsVisibleAsync("#call-details"));
            // The ticket form is tied to the popped call.
            Assert.Equal(await agent.TextAsync("#pop-call-id"), await agent.InputValueAsync("#ticket-call-id"));

            await wallboard.WaitForTextAsync(WaitingFigure, "0", Wait);
            await wallboard.WaitForTextAsync(AnsweredFigure, (answeredBefore + 1).ToString(CultureInfo.InvariantCulture), Wait);
            await agent.ScreenshotAsync("agent-screen-pop");
            await wallboard.ScreenshotAsync("wallboard-call-answered");

            // Talking once the phone has answered: a ticket from the call reaches the back office, then one key for 110.
            await CallCenterSetup.WaitForCallAsync(api, CallCenterSetup.IsTalking, Wait, "agent-01 talking to the caller");
            string callId = await agent.InputValueAsync("#ticket-call-id");
            await agent.SelectAsync("#ticket-category", "求助");
            await agent.FillAsync("#ticket-content", "家中老人摔倒，需要联系急救");
            await agent.ClickAsync("#ticket-submit");
            string created = await agent.WaitForTextAsync("#ticket-message", text => text.Contains("工单已创建", StringComparison.Ordinal) || text.Contains("失败", StringComparison.Ordinal), Wait, "the ticket form's answer");
            string number = created[(created.IndexOf('：', StringComparison.Ordinal) + 1)..].Trim();
            Assert.Matches(@"^12345-\d{8}-\d{6}$", number);
            string row = await backOffice.WaitForTextAsync($"tr[data-number=\"{number}\"]", text => text.Contains("老人摔倒", StringComparison.Ordinal), Wait, $"ticket {number} on the back office");
            Assert.Contains("agent-01", row, StringComparison.Ordinal);
            Assert.Contains("8000", row, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(callId));

            await agent.ClickAsync("[data-line=\"110\"]");
            await agent.WaitForTextAsync("#control-message", text => text.Contains("转接 110", StringComparison.Ordinal), Wait, "the transfer's answer");
            Assert.DoesNotContain("失败", await agent.TextAsync("#control-message") ?? "", StringComparison.Ordinal);

            string transfer = await dispatcher.WaitForTextAsync("#transfer-rows", text => text.Contains("110", StringComparison.Ordinal), Wait, "the 110 transfer on the console");
            Assert.Contains("公安 110", transfer, StringComparison.Ordinal);
            Assert.Contains("8000", await dispatcher.TextAsync("#transfer-rows td.caller") ?? "", StringComparison.Ordinal);
            await dispatcher.ScreenshotAsync("dispatcher-110");

            await agent.ClickAsync("#hang-up");
            await agent.WaitForTextAsync("#pop-status", "通话已结束", Wait);
        });
    }

    private static bool IsNumber(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
