using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>The agent desktop hub: commands act on the signed-in agent only and its state comes back as a push.</summary>
public sealed class AgentHubTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public AgentHubTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact(Timeout = 60_000)]
    public async Task ReadyAndNotReadyFromTheDesktopChangeTheAgentsOwnStateAndArePushed()
    {
        var states = new BlockingCollection<JsonElement>();
        await using var desk = WebClients.Hub(_factory, "/hubs/agent", await WebClients.TokenAsync(_factory, "agent1003"));
        desk.On<JsonElement>("state", s => states.Add(s));
        await desk.StartAsync();
        Assert.Equal("loggedOut", Next(states).GetProperty("state").GetString());

        var ready = await desk.InvokeAsync<JsonElement>("SetReady");
        Assert.True(ready.GetProperty("ok").GetBoolean(), ready.ToString());
        Assert.Equal("agent-03", Until(states, s => s.GetProperty("state").GetString() == "ready").GetProperty("agentId").GetString());

        var notReady = await desk.InvokeAsync<JsonElement>("SetNotReady", "lunch");
        Assert.True(notReady.GetProperty("ok").GetBoolean(), notReady.ToString());
        var pushed = Until(states, s => s.GetProperty("state").GetString() == "notReady");
        Assert.Equal("lunch", pushed.GetProperty("reason").GetString());

        // The grain agrees (seen through the REST API as the supervisor), and no other agent moved.
        using var supervisor = await WebClients.ClientAsync(_factory, "supervisor");
        var agent3 = JsonDocument.Parse(await supervisor.GetStringAsync("/api/agents/agent-03")).RootElement;
        Assert.Equal("lunch", agent3.GetProperty("notReadyReason").GetString());
        var agent4 = JsonDocument.Parse(await supervisor.GetStringAsync("/api/agents/agent-04")).RootElement;
        Assert.Equal(0, agent4.GetProperty("state").GetInt32());
    }

    [Fact(Timeout = 60_000)]
    public async Task CallControlsWithoutACallAreRefusedWithAReason()
    {
        await using var desk = WebClients.Hub(_factory, "/hubs/agent", await WebClients.TokenAsync(_factory, "agent1005"));
        await desk.StartAsync();
        foreach (var command in new[] { "Hold", "Resume", "HangUp" })
        {
            var result = await desk.InvokeAsync<JsonElement>(command);
            Assert.False(result.GetProperty("ok").GetBoolean(), command);
            Assert.Equal("no call connected to this agent", result.GetProperty("error").GetString());
        }

        var emergency = await desk.InvokeAsync<JsonElement>("Emergency", "999");
        Assert.False(emergency.GetProperty("ok").GetBoolean());
        Assert.Contains("110, 119, 120 or 122", emergency.GetProperty("error").GetString(), StringComparison.Ordinal);

        var directory = await desk.InvokeAsync<JsonElement>("GetDirectory");
        Assert.NotEmpty(directory.EnumerateArray());
        Assert.All(directory.EnumerateArray(), d => Assert.False(string.IsNullOrEmpty(d.GetProperty("number").GetString())));
    }

    private static JsonElement Next(BlockingCollection<JsonElement> states) =>
        states.TryTake(out var state, TimeSpan.FromSeconds(20)) ? state : throw new TimeoutException("no state push");

    private static JsonElement Until(BlockingCollection<JsonElement> states, Func<JsonElement, bool> match)
    {
        while (true)
        {
            var state = Next(states);
            if (match(state))
            {
                return state;
            }
        }
    }
}
