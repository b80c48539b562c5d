using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Pages.PageUsers;

namespace HotlineTelephony.EndToEnd.Tests.Pages;

/// <summary>
/// The back-office list in Chromium takes tickets as they are created: one through POST /api/tickets, one through the
/// agent desktop's form. The page is never reloaded (a marker set in the page before survives).
/// </summary>
public sealed class BackOfficeTicketTests
{
    [Fact(Timeout = 180_000)]
    public async Task BackOfficeListShowsTicketsCreatedThroughTheApiAndTheAgentFormWithoutReload()
    {
        const string Test = nameof(BackOfficeListShowsTicketsCreatedThroughTheApiAndTheAgentFormWithoutReload);
        await using var server = await ServerProcess.StartAsync(Test);
        await using var browser = await BrowserSession.StartAsync(Test);
        using var agentApi = await SignedInClientAsync(server, Agent1001);
        await browser.CaptureOnFailureAsync(async () =>
        {
            var backOffice = await OpenSignedInAsync(browser, server, "backoffice", "/backoffice", BackOffice);
            await backOffice.WaitForTextAsync("#ticket-rows", text => !text.Contains("加载中", StringComparison.Ordinal), Wait, "the ticket list loaded");
            await backOffice.EvaluateAsync("window.__sameDocument = 'yes'");

            using var response = await agentApi.PostAsJsonAsync(new Uri("api/tickets", UriKind.Relative), new
            {
                callerNumber = "13912345678",
                category = "投诉",
                content = "小区门口道路积水三天无人处理",
                location = "人民路 88 号",
            });
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
            string number = JsonDocument.Parse(body).RootElement.GetProperty("number").GetString()!;
            Assert.Matches(@"^12345-\d{8}-\d{6}$", number);

            string row = await backOffice.WaitForTextAsync($"tr[data-number=\"{number}\"]", text => text.Contains("道路积水", StringComparison.Ordinal), Wait, $"ticket {number} in the list");
            Assert.Contains("投诉", row, StringComparison.Ordinal);
            Assert.Contains("人民路 88 号", row, StringComparison.Ordinal);

            var agent = await OpenSignedInAsync(browser, server, "agent", "/agent", Agent1001);
            await agent.FillAsync("#ticket-caller", "13700001111");
            await agent.SelectAsync("#ticket-category", "求助");
            await agent.FillAsync("#ticket-content", "老人走失，请求协助寻找");
            await agent.FillAsync("#ticket-location", "滨江公园");
            await agent.ClickAsync("#ticket-submit");
            string created = await agent.WaitForTextAsync("#ticket-message", text => text.Contains("工单已创建", StringComparison.Ordinal) || text.Contains("失败", StringComparison.Ordinal), Wait, "the form's answer");
            string formNumber = created[(created.IndexOf('：', StringComparison.Ordinal) + 1)..].Trim();
            Assert.Matches(@"^12345-\d{8}-\d{6}$", formNumber);

            await backOffice.WaitForTextAsync($"tr[data-number=\"{formNumber}\"]", text => text.Contains("老人走失", StringComparison.Ordinal), Wait, $"ticket {formNumber} in the list");
            Assert.Equal(2, (await backOffice.TextsAsync("#ticket-rows tr[data-number]")).Count);
            Assert.Equal("yes", (await backOffice.EvaluateAsync("window.__sameDocument"))?.GetValue<string>());
        });
    }
}
