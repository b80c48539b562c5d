using System.Collections.Concurrent;
using System.Text.Json;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.Server.Web.Wallboard;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>The wallboard hub pushes figures on change, coalesced to at most one push per 250 ms per client.</summary>
public sealed class WallboardPushTests : IClassFixture<LoopbackServerFactory>
{
    private static readonly string[] s_agents = ["agent-01", "agent-02", "agent-03", "agent-04", "agent-05"];

    private readonly LoopbackServerFactory _factory;

    public WallboardPushTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact(Timeout = 60_000)]
    public async Task ABurstOfEventsGivesPushesAtLeast250MsApartEndingWithTheLastState()
    {
        var pushes = new ConcurrentQueue<JsonElement>();
        await using var hub = WebClients.Hub(_factory, "/hubs/wallboard", await WebClients.TokenAsync(_factory, "supervisor"));
        hub.On<JsonElement>("figures", figures => pushes.Enqueue(figures));
        await hub.StartAsync();
        var before = await hub.InvokeAsync<JsonElement>("GetFigures");
        Assert.Equal(0, before.GetProperty("agents").GetProperty("ready").GetInt32());

        // 300 agent state changes over about 1.5 s: every one changes the figures.
        var log = _factory.Services.GetRequiredService<IAcdEventLog>();
        foreach (var agent in s_agents)
        {
            log.Append(new AcdEvent(DateTimeOffset.UtcNow, AcdEventKind.AgentLoggedIn, AgentId: agent));
        }

        pushes.Clear();
        var burst = System.Diagnostics.Stopwatch.StartNew();
        const int Changes = 300;
        for (int i = 0; i < Changes; i++)
        {
            var kind = i % 2 == 0 ? AcdEventKind.AgentReady : AcdEventKind.AgentNotReady;
            log.Append(new AcdEvent(DateTimeOffset.UtcNow, kind, AgentId: s_agents[i % s_agents.Length], Detail: kind == AcdEventKind.AgentNotReady ? "break" : null));
            if (i % 20 == 19)
            {
                await Task.Delay(100);
            }
        }

        // The last change of each agent: all ready.
        foreach (var agent in s_agents)
        {
            log.Append(new AcdEvent(DateTimeOffset.UtcNow, AcdEventKind.AgentReady, AgentId: agent));
        }

        var burstTime = burst.Elapsed;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(pushes.LastOrDefault() is { ValueKind: JsonValueKind.Object } last && last.GetProperty("agents").GetProperty("ready").GetInt32() == s_agents.Length))
        {
            await Task.Delay(50);
        }

        // Let any push still due arrive, then look at all of them.
        await Task.Delay(1000);
        var received = pushes.ToArray();
        Assert.NotEmpty(received);
        Assert.Equal(s_agents.Length, received[^1].GetProperty("agents").GetProperty("ready").GetInt32());
        Assert.Equal(0, received[^1].GetProperty("agents").GetProperty("notReady").GetInt32());

        // Server-side push times ("at") are at least 250 ms apart, whatever the client's delays; far fewer pushes than changes.
        var times = received.Select(f => f.GetProperty("at").GetDateTimeOffset()).ToArray();
        for (int i = 1; i < times.Length; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(249), $"push {i} came {(times[i] - times[i - 1]).TotalMilliseconds} ms after the one before");
        }

        int bound = (int)Math.Ceiling((burstTime.TotalMilliseconds + 2000) / 250) + 1;
        Assert.True(received.Length <= bound, $"{received.Length} pushes for {Changes} changes in {burstTime.TotalMilliseconds:F0} ms (bound {bound})");
        Assert.True(received.Length < Changes / 10, $"{received.Length} pushes for {Changes} changes: not coalesced");
    }

    [Fact(Timeout = 60_000)]
    public async Task ALoginIsPushedWithTheAgentsFirstStateNeverAsNotReadyInBetween()
    {
        // The agent grain appends AgentLoggedIn and then AgentReady in one turn; the feed may be read between the two.
        const string Agent = "agent-06";
        var pushes = new ConcurrentQueue<JsonElement>();
        await using var hub = WebClients.Hub(_factory, "/hubs/wallboard", await WebClients.TokenAsync(_factory, "supervisor"));
        hub.On<JsonElement>("figures", figures => pushes.Enqueue(figures));
        await hub.StartAsync();
        var wallboard = _factory.Services.GetRequiredService<WallboardService>();
        var before = (await wallboard.GetFiguresAfterPendingAsync()).Figures.Agents;

        var log = _factory.Services.GetRequiredService<IAcdEventLog>();
        log.Append(new AcdEvent(DateTimeOffset.UtcNow, AcdEventKind.AgentLoggedIn, AgentId: Agent));
        var between = (await wallboard.GetFiguresAfterPendingAsync()).Figures.Agents;
        Assert.Equal(before.NotReady + 1, between.NotReady);

        // Long enough for a push of that state to arrive (the push loop sends at once after a change).
        await Task.Delay(1000);
        log.Append(new AcdEvent(DateTimeOffset.UtcNow, AcdEventKind.AgentReady, AgentId: Agent));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !pushes.Any(f => Agents(f).Ready == before.Ready + 1))
        {
            await Task.Delay(20);
        }

        var received = pushes.Select(Agents).ToArray();
        Assert.Contains(received, a => a.Ready == before.Ready + 1 && a.NotReady == before.NotReady);
        Assert.DoesNotContain(received, a => a.NotReady == before.NotReady + 1);

        log.Append(new AcdEvent(DateTimeOffset.UtcNow, AcdEventKind.AgentLoggedOut, AgentId: Agent));
    }

    private static (int Ready, int NotReady) Agents(JsonElement figures)
    {
        var agents = figures.GetProperty("agents");
        return (agents.GetProperty("ready").GetInt32(), agents.GetProperty("notReady").GetInt32());
    }
}
