using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Pages.PageUsers;

namespace HotlineTelephony.EndToEnd.Tests.Pages;

/// <summary>
/// Pages outlive the server: killed (SIGKILL), every open page shows 正在重新连接… and keeps trying; restarted on the
/// same HTTP port and database, the pages reconnect by themselves, drop the banner and show fresh state again.
/// </summary>
public sealed class PageReconnectTests
{
    [Fact(Timeout = 240_000)]
    public async Task PagesShowTheReconnectingBannerWhileTheServerIsDownAndRecoverAfterItsRestart()
    {
        const string Test = nameof(PagesShowTheReconnectingBannerWhileTheServerIsDownAndRecoverAfterItsRestart);
        string folder = TestPaths.CreateTestDirectory(Test, "state");
        var settings = new Dictionary<string, string>
        {
            ["CallRecords:ConnectionString"] = $"Data Source={Path.Combine(folder, "hotline.db")}",
            ["Media:Recording:Folder"] = Path.Combine(folder, "recordings"),
            ["Tickets:ConnectionString"] = $"Data Source={Path.Combine(folder, "tickets.db")}",
        };
        var server = await ServerProcess.StartAsync(Test, settings);
        try
        {
            await using var browser = await BrowserSession.StartAsync(Test);
            await browser.CaptureOnFailureAsync(async () =>
            {
                var pages = new[]
                {
                    await OpenSignedInAsync(browser, server, "wallboard", "/wallboard", Supervisor),
                    await OpenSignedInAsync(browser, server, "agent", "/agent", Agent1001),
                    await OpenSignedInAsync(browser, server, "backoffice", "/backoffice", BackOffice),
                    await OpenSignedInAsync(browser, server, "dispatcher", "/dispatcher", Dispatcher),
                };
                var wallboard = pages[0];
                await wallboard.WaitForTextAsync("[data-figure=\"global.waiting\"]", "0", Wait);
                int port = server.HttpPort;

                server.KillHard();
                await server.DisposeAsync();
                foreach (var page in pages)
                {
                    await page.WaitForVisibleAsync("#reconnect-banner", true, Wait);
                    Assert.Equal("正在重新连接…", await page.TextAsync("#reconnect-banner"));
                }

                // Down longer than the client's default policy keeps trying (0, 2, 10 and 30 s, then it closes for good
                // at 42 s): only a policy that never gives up reconnects to the server started after this.
                await Task.Delay(TimeSpan.FromSeconds(45));
                foreach (var page in pages)
                {
                    Assert.True(await page.IsVisibleAsync("#reconnect-banner"), $"{page.Name} dropped the banner while the server was down");
                }

                // Blank the figure so that seeing it again proves the wallboard fetched its state from the new server.
                await wallboard.EvaluateAsync("document.querySelector('[data-figure=\"global.waiting\"]').textContent = 'stale'");
                server = await ServerProcess.StartAsync(Test, settings, httpPort: port);

                foreach (var page in pages)
                {
                    await page.WaitForHubAsync(TimeSpan.FromSeconds(60));
                    await page.WaitForVisibleAsync("#reconnect-banner", false, Wait);
                    Assert.EndsWith("/" + page.Name, new Uri(await page.UrlAsync()).AbsolutePath, StringComparison.Ordinal);
                }

                await wallboard.WaitForTextAsync("[data-figure=\"global.waiting\"]", "0", Wait);
                await wallboard.ScreenshotAsync("wallboard-after-restart");
            });
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
