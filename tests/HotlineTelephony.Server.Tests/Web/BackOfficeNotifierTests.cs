using System.Collections.Concurrent;
using System.Text.Json;
using HotlineTelephony.Server.Web.BackOffice;
using HotlineTelephony.Server.Web.Wallboard;
using HotlineTelephony.Tickets;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>Ticket events reach the back office live, with their event id, and the number masked for back-office staff.</summary>
public sealed class BackOfficeNotifierTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public BackOfficeNotifierTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact(Timeout = 60_000)]
    public async Task TicketEventsArePushedWithTheirEventIdMaskedForTheBackOfficeAndCountedOnTheWallboard()
    {
        var staff = new BlockingCollection<(string Method, JsonElement Ticket)>();
        var supervisor = new BlockingCollection<(string Method, JsonElement Ticket)>();
        await using var staffHub = WebClients.Hub(_factory, "/hubs/backoffice", await WebClients.TokenAsync(_factory, "backoffice"));
        await using var supervisorHub = WebClients.Hub(_factory, "/hubs/backoffice", await WebClients.TokenAsync(_factory, "supervisor"));
        foreach (var (hub, into) in new[] { (staffHub, staff), (supervisorHub, supervisor) })
        {
            hub.On<JsonElement>("ticketCreated", t => into.Add(("ticketCreated", t)));
            hub.On<JsonElement>("ticketUpdated", t => into.Add(("ticketUpdated", t)));
            await hub.StartAsync();
        }

        var wallboard = _factory.Services.GetRequiredService<WallboardService>();
        long ticketsBefore = (await wallboard.GetFiguresAsync()).TicketsToday;
        var notifier = _factory.Services.GetRequiredService<BackOfficeNotifier>();
        await UntilBothHearAsync(notifier, staff, supervisor);
        var ticket = new TicketDto(null, "12345-20261123-000001", DateTimeOffset.UtcNow, "13812345678", "求助", "路灯不亮", "解放路", "call-1", "call-1", "/api/recordings/call-1", "agent-01", "open");
        await notifier.PublishAsync(ticket, 41, BackOfficeNotifier.Created, CancellationToken.None);
        await notifier.PublishAsync(ticket with { Status = "dispatched" }, 42, BackOfficeNotifier.Updated, CancellationToken.None);

        var created = Take(staff);
        Assert.Equal("ticketCreated", created.Method);
        Assert.Equal(41, created.Ticket.GetProperty("eventId").GetInt64());
        Assert.Equal("138****5678", created.Ticket.GetProperty("callerNumber").GetString());
        Assert.Equal("12345-20261123-000001", created.Ticket.GetProperty("number").GetString());
        var updated = Take(staff);
        Assert.Equal("ticketUpdated", updated.Method);
        Assert.Equal(42, updated.Ticket.GetProperty("eventId").GetInt64());
        Assert.Equal("dispatched", updated.Ticket.GetProperty("status").GetString());

        Assert.Equal("13812345678", Take(supervisor).Ticket.GetProperty("callerNumber").GetString());
        Assert.Equal(ticketsBefore + 1, (await wallboard.GetFiguresAsync()).TicketsToday);

        await Assert.ThrowsAsync<ArgumentException>(() => notifier.PublishAsync(ticket, 43, "deleted", CancellationToken.None).AsTask());
    }

    /// <summary>
    /// The hub puts a connection in its group in OnConnectedAsync, which the server runs after the handshake that
    /// StartAsync waits for: a push sent at once can miss a connection. Probe updates go out until both have heard
    /// one, and the probes are then dropped.
    /// </summary>
    private static async Task UntilBothHearAsync(BackOfficeNotifier notifier, params BlockingCollection<(string Method, JsonElement Ticket)>[] listeners)
    {
        var probe = new TicketDto(null, "probe", DateTimeOffset.UtcNow, "10000000000", "咨询", "probe", null, null, null, null, null, "open");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!listeners.All(l => l.Count > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "the back-office connections never joined their groups");
            await notifier.PublishAsync(probe, 0, BackOfficeNotifier.Updated, CancellationToken.None);
            await Task.Delay(50);
        }

        // Late probes still in flight land before the real events (one connection, one order), so drain them as they come.
        foreach (var listener in listeners)
        {
            while (listener.TryTake(out _, TimeSpan.FromMilliseconds(200)))
            {
            }
        }
    }

    private static (string Method, JsonElement Ticket) Take(BlockingCollection<(string, JsonElement)> pushes) =>
        pushes.TryTake(out var push, TimeSpan.FromSeconds(20)) ? push : throw new TimeoutException("no ticket push");
}
