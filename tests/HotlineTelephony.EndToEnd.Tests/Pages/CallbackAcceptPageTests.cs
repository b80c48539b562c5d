using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Harness.HotlineApi;
using static HotlineTelephony.EndToEnd.Tests.Pages.PageUsers;

namespace HotlineTelephony.EndToEnd.Tests.Pages;

/// <summary>
/// The agent desktop's 待回拨 list in Chromium: agent-01, on a break, clicks 接受 on a missed-call task (R-TEL-05); the
/// page says the callback is theirs, pops the caller to be dialled, and its SIPp phone rings for the task.
/// </summary>
public sealed class CallbackAcceptPageTests
{
    [Fact(Timeout = 240_000)]
    public async Task AgentClicksAcceptOnAMissedCallTaskAndThePageSaysToAnswerThePhone_R_TEL_05()
    {
        const string Test = nameof(AgentClicksAcceptOnAMissedCallTaskAndThePageSaysToAnswerThePhone_R_TEL_05);
        int carrierPort = FreePorts.Next();
        var plan = TestDialplan.WriteMissedCallCallbacks(Test, carrierPort);
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string> { [plan.Setting.Key] = plan.Setting.Value });
        using var api = new HotlineApi(server);
        await using var phone = await AgentPhone.StartAsync(Test, server, "1001", timeout: TimeSpan.FromSeconds(150));
        await using var calledBack = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_answer_then_hang_up.xml",
            LocalPort = carrierPort,
            Timeout = TimeSpan.FromSeconds(150),
        });
        await using var browser = await BrowserSession.StartAsync(Test);
        await browser.CaptureOnFailureAsync(async () =>
        {
            var agent = await OpenSignedInAsync(browser, server, "agent", "/agent", Agent1001);
            await agent.ClickAsync("#set-not-ready");
            await agent.WaitForAttributeAsync("#agent-state", "data-state", "notReady", Wait);

            // The caller gives up after 4 s with nobody ready and does not call again: a missed-call task.
            var gaveUp = await SippRunner.RunAsync(Test, new SippOptions
            {
                ScenarioFile = ScenarioCopy.QueueCaller(Test, TimeSpan.FromSeconds(4)),
                Remote = server.SipEndpoint,
                Service = "12345",
                Keys = new Dictionary<string, string> { ["caller"] = "13800000961" },
                Timeout = TimeSpan.FromSeconds(20),
            });
            Assert.True(gaveUp.AllCallsSucceeded, gaveUp.ToString());
            string taskId = (await api.WaitForEventAsync(EventKinds.CallAbandoned, null, Wait)).CallId + ":callback";
            await api.WaitForEventAsync(EventKinds.CallEnqueued, taskId, Wait);

            string row = $"tr[data-task=\"{taskId}\"]";
            await WaitUntilAsync(
                async () =>
                {
                    await agent.ClickAsync("#refresh-callbacks");
                    await Task.Delay(300);
                    return (await agent.TextAsync(row))?.Contains("138****0961", StringComparison.Ordinal) == true;
                },
                Wait,
                "the task with its masked caller in 待回拨");
            await agent.ScreenshotAsync("callback-list");

            await agent.ClickAsync(row + " button");
            await agent.WaitForTextAsync("#control-message", "回拨已分配，请接听话机", Wait);
            await agent.WaitForTextAsync("#pop-caller", "138****0961", Wait);
            await agent.ScreenshotAsync("callback-accepted");

            // The phone rang for that task, and once it answered the caller was dialled.
            var phoneResult = await phone.WaitForExitAsync();
            Assert.True(phoneResult.AllCallsSucceeded, phoneResult.ToString());
            var invite = Assert.Single(SipTraceMessage.Read(phoneResult.Directory), m => m.Received && m.Method == "INVITE");
            Assert.Equal(taskId, invite.Header("X-Hotline-Call-Id"));
            var calledBackResult = await calledBack.WaitForExitAsync();
            Assert.True(calledBackResult.AllCallsSucceeded, calledBackResult.ToString());

            // The list no longer offers the task once it is taken.
            await agent.ClickAsync("#refresh-callbacks");
            await agent.WaitForTextAsync("#callback-rows", text => !text.Contains("0961", StringComparison.Ordinal), Wait, "the task gone from 待回拨");
        });
    }
}
