using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.Server.Tests.Web;
using HotlineTelephony.Server.Web.AgentDesk;
using HotlineTelephony.Server.Web.Wallboard;
using HotlineTelephony.Tickets.Model;
using HotlineTelephony.Tickets.Outbox;
using HotlineTelephony.Tickets.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests;

/// <summary>The ticket API on the running host: tickets from live and ended calls, bad input, and the push.</summary>
public sealed class TicketApiTests : IAsyncLifetime
{
    private readonly LoopbackServerFactory _loopback = new();
    private readonly CapturingPublisher _publisher = new();
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory = _loopback.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ITicketEventPublisher>(_publisher)));
        _client = await WebClients.ClientAsync(_factory, "supervisor");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _loopback.DisposeAsync();
    }

    [Fact]
    public async Task TicketFromALiveCallTakesItsCallerAndRecordingAndTheCallRecordNamesTheTicket()
    {
        using var caller = new SipTestCaller(_loopback.SipPort, "13912345678");
        await caller.CallAsync("12345");

        // An agent files a ticket long after the answer; right after the ACK the recording may not have started yet.
        await caller.WaitForMediaAsync();
        using var response = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callId = caller.CallId, category = "投诉", content = "小区夜间施工噪音扰民", location = "沙市区 江津路" });
        var ticket = await response.Content.ReadFromJsonAsync<JsonElement>();
        await caller.HangUpAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = ticket.GetProperty("number").GetString()!;
        Assert.Matches(@"^12345-\d{8}-000001$", number);
        Assert.Equal($"/api/tickets/{number}", response.Headers.Location?.OriginalString);
        Assert.Equal("13912345678", ticket.GetProperty("callerNumber").GetString());
        Assert.Equal(caller.CallId, ticket.GetProperty("callId").GetString());
        Assert.Equal(caller.CallId, ticket.GetProperty("callRecordId").GetString());
        Assert.Equal($"/api/recordings/{caller.CallId}", ticket.GetProperty("recordingUrl").GetString());
        Assert.Equal("投诉", ticket.GetProperty("category").GetString());
        Assert.Equal("open", ticket.GetProperty("status").GetString());
        Assert.Equal(1, ticket.GetProperty("eventId").GetInt64());

        var record = await WaitForAsync(async () =>
        {
            using var found = await _client.GetAsync(new Uri($"/api/calls/{caller.CallId}/record", UriKind.Relative));
            return found.StatusCode == HttpStatusCode.OK ? (true, await found.Content.ReadFromJsonAsync<JsonElement>()) : (false, default);
        }, "the call record written");
        Assert.Equal(number, record.GetProperty("ticketId").GetString());
        var pushed = await WaitForAsync(() => Task.FromResult(_publisher.Events.FirstOrDefault(e => e.Ticket.Number == number) is { } e ? (true, e) : (false, null!)), "the ticket pushed");
        Assert.Equal(1, pushed.EventId);
        Assert.Equal(TicketEventKinds.Created, pushed.Kind);
        Assert.Equal("13912345678", pushed.Ticket.CallerNumber);
    }

    [Fact]
    public async Task TicketFromAnEndedCallIsFilledFromItsCallRecordWhichThenNamesTheTicket()
    {
        var store = _factory.Services.GetRequiredService<ICallRecordStore>();
        await store.SaveAsync(new CallRecord
        {
            CallId = "ended-call-7",
            CallerNumber = "13700000007",
            AgentId = "agent-03",
            ArrivedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            EndedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            RecordingPath = "/tmp/recordings/ended-call-7.wav",
        });

        using var response = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callId = "ended-call-7", category = "咨询", content = "社保卡补办需要什么材料" });
        var ticket = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("13700000007", ticket.GetProperty("callerNumber").GetString());
        Assert.Equal("agent-03", ticket.GetProperty("agentId").GetString());
        Assert.Equal("/api/recordings/ended-call-7", ticket.GetProperty("recordingUrl").GetString());
        Assert.Equal(ticket.GetProperty("number").GetString(), (await store.GetAsync("ended-call-7"))?.TicketId);
    }

    [Fact]
    public async Task BadInputGetsAFieldByFieldErrorAndCreatesNothing()
    {
        using var bad = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { category = "闲聊", content = " " });
        using var unknownCall = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callId = "no-such-call", category = "求助", content = "x" });
        using var badDate = await _client.GetAsync(new Uri("/api/tickets?date=2026-13-01", UriKind.Relative));
        using var missing = await _client.GetAsync(new Uri("/api/tickets/12345-20000101-000001", UriKind.Relative));
        var today = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/tickets", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("咨询", errors.GetProperty("category")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("content", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknownCall.StatusCode);
        Assert.Contains("no-such-call", (await unknownCall.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, today.GetArrayLength());
    }

    [Fact]
    public async Task ListReadAndUpdateGoThroughTheApiAndTheUpdateIsPushed()
    {
        using var created = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600000006", category = "建议", content = "建议增设公交站" });
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var day = $"{number[6..10]}-{number[10..12]}-{number[12..14]}";

        using var patched = await _client.PatchAsJsonAsync(new Uri($"/api/tickets/{number}", UriKind.Relative), new { status = "closed" });
        var list = await _client.GetFromJsonAsync<JsonElement>(new Uri($"/api/tickets?date={day}&category=建议&status=closed", UriKind.Relative));
        var one = await _client.GetFromJsonAsync<JsonElement>(new Uri($"/api/tickets/{number}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(number, Assert.Single(list.EnumerateArray()).GetProperty("number").GetString());
        Assert.Equal("closed", one.GetProperty("status").GetString());
        var events = await WaitForAsync(() => Task.FromResult((_publisher.Events.Count(e => e.Ticket.Number == number) >= 2, _publisher.Events.Where(e => e.Ticket.Number == number).ToList())), "create and update pushed");
        Assert.Equal([(1L, "created", "open"), (2L, "updated", "closed")], events.Select(e => (e.EventId, e.Kind, e.Ticket.Status)).ToList());
    }

    [Fact]
    public async Task OpenApiDocumentListsTheTicketEndpoints()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/tickets").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/tickets").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/tickets/{number}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/tickets/{number}").TryGetProperty("patch", out _));
    }

    [Fact]
    public async Task R_TEL_10_AnOpenTicketRaisesTheCallersPriorityShowsOnTheScreenPopAndCountsOnTheWallboard()
    {
        using var created = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13700001111", category = "求助", content = "家中老人走失" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;

        // The call centre's open-ticket rule, the agent's screen pop and the wallboard's day count read the tickets database.
        var lookup = _factory.Services.GetRequiredService<IOpenTicketLookup>();
        Assert.True(await lookup.HasOpenTicketAsync("13700001111"));
        Assert.False(await lookup.HasOpenTicketAsync("13700002222"));
        var pop = await _factory.Services.GetRequiredService<ICallerTicketHistory>().OpenTicketsAsync("13700001111", CancellationToken.None);
        Assert.Equal((number, "求助", "家中老人走失"), (pop.Single().Number, pop.Single().Category, pop.Single().Content));
        Assert.True(TicketNumber.TryParse(number, out var day, out _));
        Assert.Equal(1, await _factory.Services.GetRequiredService<ITicketDayCount>().CountCreatedOnAsync(day, CancellationToken.None));

        using var closed = await _client.PatchAsJsonAsync(new Uri($"/api/tickets/{number}", UriKind.Relative), new { status = "closed" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.False(await lookup.HasOpenTicketAsync("13700001111"));
    }

    [Fact]
    public async Task AnAgentsTicketWithoutACallRecordsTheSignedInAgentNotTheBodys()
    {
        // Bearer token: the agent_id claim "1001" is agent-01's extension; the row names the dialplan agent.
        using var agent = await WebClients.ClientAsync(_factory, "agent1001");
        using var created = await agent.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600001001", category = "咨询", content = "公积金提取流程" });
        using var forged = await agent.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600001002", category = "咨询", content = "冒名工单", agentId = "agent-03" });

        // Cookie: the page's way of signing in.
        using var browser = _factory.CreateClient();
        using (var login = await browser.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { userName = "agent1002", password = "agent1002" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using var byCookie = await browser.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600001003", category = "求助", content = "路灯不亮" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byCookie.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("agent-01", (await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("agentId")[0].GetString(), StringComparison.Ordinal);
        var rows = await TicketRowsAsync();
        Assert.Equal([("13600001001", "agent-01"), ("13600001003", "agent-02")], rows.Select(t => (t.CallerNumber, t.AgentId)).ToList());
        Assert.Equal("agent-01", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task ASupervisorOrTheBackOfficeMayCreateOnAnAgentsBehalfAndOthersMayNotNameAnAgent()
    {
        using var backOffice = await WebClients.ClientAsync(_factory, "backoffice");
        using var dispatcher = await WebClients.ClientAsync(_factory, "dispatcher");

        using var bySupervisor = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600002001", category = "投诉", content = "代录", agentId = "agent-04" });
        using var byBackOffice = await backOffice.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600002002", category = "投诉", content = "代录（分机号）", agentId = "1005" });
        using var noAgent = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600002003", category = "建议", content = "无话务员" });
        using var unknown = await _client.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600002004", category = "建议", content = "x", agentId = "agent-99" });
        using var byDispatcher = await dispatcher.PostAsJsonAsync(new Uri("/api/tickets", UriKind.Relative), new { callerNumber = "13600002005", category = "求助", content = "x", agentId = "agent-04" });

        Assert.Equal(HttpStatusCode.Created, bySupervisor.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byBackOffice.StatusCode);
        Assert.Equal(HttpStatusCode.Created, noAgent.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byDispatcher.StatusCode);
        var rows = await TicketRowsAsync();
        Assert.Equal([("13600002001", "agent-04"), ("13600002002", "agent-05"), ("13600002003", null)], rows.Select(t => (t.CallerNumber, t.AgentId)).ToList());
    }

    /// <summary>The tickets as written in the database, in creation order.</summary>
    private async Task<List<Ticket>> TicketRowsAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<TicketsDbContext>>().CreateDbContextAsync();
        return await db.Tickets.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
    }

    /// <summary>Polls <paramref name="probe"/> until it gives a value (bounded, for a loaded machine).</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<(bool Found, T Value)>> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (found, value) = await probe();
            if (found)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within 30 s: {what}");
            }

            await Task.Delay(50);
        }
    }

    private sealed class CapturingPublisher : ITicketEventPublisher
    {
        private readonly ConcurrentQueue<TicketEvent> _events = new();

        public IReadOnlyList<TicketEvent> Events => [.. _events];

        public ValueTask PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
        {
            _events.Enqueue(ticketEvent);
            return ValueTask.CompletedTask;
        }
    }
}
