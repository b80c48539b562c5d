using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Pages.PageUsers;

namespace HotlineTelephony.EndToEnd.Tests.Pages;

/// <summary>
/// Each page served by the server in headless Chromium: a signed-out visitor is sent to /login, a wrong password is
/// refused there, and after signing in the page comes back, connects its hub and shows its first state.
/// </summary>
public sealed class PageSignInTests
{
    [Fact(Timeout = 180_000)]
    public async Task EveryPageSendsASignedOutVisitorToLoginAndRendersAfterSignIn()
    {
        const string Test = nameof(EveryPageSendsASignedOutVisitorToLoginAndRendersAfterSignIn);
        await using var server = await ServerProcess.StartAsync(Test);
        await using var browser = await BrowserSession.StartAsync(Test);
        await browser.CaptureOnFailureAsync(async () =>
        {
            var login = await browser.NewPageAsync("login", server.HttpBaseAddress);
            await login.GotoAsync("/login");
            await login.FillAsync("#userName", Supervisor);
            await login.FillAsync("#password", "not-the-password");
            await login.ClickAsync("#login-submit");
            await login.WaitForTextAsync("#login-message", "用户名或密码错误", Wait);
            Assert.EndsWith("/login", new Uri(await login.UrlAsync()).AbsolutePath, StringComparison.Ordinal);

            var wallboard = await OpenSignedInAsync(browser, server, "wallboard", "/wallboard", Supervisor);
            await wallboard.WaitForTextAsync("[data-figure=\"global.waiting\"]", "0", Wait);
            Assert.Equal("12345 政务服务便民热线 · 实时监控", await wallboard.TextAsync("h1"));

            var agent = await OpenSignedInAsync(browser, server, "agent", "/agent", Agent1001);
            await agent.WaitForTextAsync("#agent-id", "1001", Wait);
            Assert.Equal(["咨询", "求助", "投诉", "举报", "建议", "纠错", "表扬", "紧急"], await agent.TextsAsync("#ticket-category option"));
            await agent.WaitForTextAsync("#directory option", text => text != "通讯录加载中…", Wait, "the directory loaded from the hub");

            var backOffice = await OpenSignedInAsync(browser, server, "backoffice", "/backoffice", BackOffice);
            await backOffice.WaitForTextAsync("#ticket-rows", text => !text.Contains("加载中", StringComparison.Ordinal), Wait, "the ticket list loaded");
            Assert.DoesNotContain("加载失败", await backOffice.TextAsync("#list-message") ?? "", StringComparison.Ordinal);

            var dispatcher = await OpenSignedInAsync(browser, server, "dispatcher", "/dispatcher", Dispatcher);
            await dispatcher.WaitForTextAsync("#transfer-rows", "暂无紧急转接", Wait);

            foreach (var page in new[] { wallboard, agent, backOffice, dispatcher })
            {
                Assert.False(await page.IsVisibleAsync("#reconnect-banner"), $"{page.Name} shows the reconnecting banner while connected");
            }
        });
    }
}
