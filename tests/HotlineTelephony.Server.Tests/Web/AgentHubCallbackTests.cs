using System.Collections.Concurrent;
using System.Text.Json;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Grains;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>
/// The agent desktop's callback list and its 接受 command over the real host (its own, so no other test's ready agent
/// takes the tasks): a picked task is offered to the agent who picked it, and every refusal says why.
/// </summary>
public sealed class AgentHubCallbackTests : IClassFixture<LoopbackServerFactory>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    private readonly LoopbackServerFactory _factory;

    public AgentHubCallbackTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact(Timeout = 90_000)]
    public async Task R_TEL_05_AgentAcceptsAWaitingCallbackTaskAndIsOfferedItWhileEveryRefusalSaysWhy()
    {
        // agent-01 takes a break first: logged in by the desk, not ready, so no queue offers it anything by itself.
        var offers = new BlockingCollection<JsonElement>();
        await using var desk = WebClients.Hub(_factory, "/hubs/agent", await WebClients.TokenAsync(_factory, "agent1001"));
        desk.On<JsonElement>("offer", o => offers.Add(o));
        await desk.StartAsync();
        Assert.True((await desk.InvokeAsync<JsonElement>("SetNotReady", "回拨")).GetProperty("ok").GetBoolean());

        // Two missed-call tasks, as the queues create them: one in general, one in enterprise (skills ≥ 3).
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        var now = DateTimeOffset.UtcNow;
        await grains.GetGrain<ICallGrain>("hub-pick-1:callback").StartCallbackAsync(new CallbackTask("hub-pick-1", "general", "13900000123", "12345", CallPriority.Normal, now, MissedCall: true));
        await grains.GetGrain<ICallGrain>("hub-pick-2:callback").StartCallbackAsync(new CallbackTask("hub-pick-2", "enterprise", "13900000456", "12345", CallPriority.Normal, now, MissedCall: true));
        var listed = await ListedAsync(desk, "hub-pick-1:callback");
        Assert.Equal(("general", "139****0123"), (listed.GetProperty("queue").GetString(), listed.GetProperty("caller").GetString()));
        await ListedAsync(desk, "hub-pick-2:callback");

        Assert.Equal("回拨任务 nope:callback 不存在", await RefusalAsync(desk, "nope:callback"));
        Assert.Equal("您不是队列 enterprise 的坐席，不能接受该回拨任务", await RefusalAsync(desk, "hub-pick-2:callback"));

        // agent-10 serves enterprise at level 2 only; agent-02 has not signed in.
        await using (var chief = WebClients.Hub(_factory, "/hubs/agent", await WebClients.TokenAsync(_factory, "agent1010")))
        {
            await chief.StartAsync();
            Assert.True((await chief.InvokeAsync<JsonElement>("SetNotReady", "回拨")).GetProperty("ok").GetBoolean());
            Assert.Equal("您的技能等级不满足队列 enterprise 的要求", await RefusalAsync(chief, "hub-pick-2:callback"));
        }

        await using (var absent = WebClients.Hub(_factory, "/hubs/agent", await WebClients.TokenAsync(_factory, "agent1002")))
        {
            await absent.StartAsync();
            Assert.Equal("您尚未签入，请先置为就绪或未就绪", await RefusalAsync(absent, "hub-pick-1:callback"));
        }

        var accepted = await desk.InvokeAsync<JsonElement>("AcceptCallback", "hub-pick-1:callback");
        Assert.True(accepted.GetProperty("ok").GetBoolean(), accepted.ToString());

        // The desk gets the screen pop of the task, and the log says agent-01 was offered it because it chose it.
        Assert.True(offers.TryTake(out var offer, s_wait), "no offer pushed to agent-01");
        Assert.Equal(("hub-pick-1:callback", "139****0123"), (offer.GetProperty("callId").GetString(), offer.GetProperty("caller").GetString()));
        var log = _factory.Services.GetRequiredService<IAcdEventLog>();
        var callbackOffered = await UntilAsync(
            async () => (await log.ReadAsync(0)).FirstOrDefault(e => e.Kind == AcdEventKind.CallbackOffered && e.CallId == "hub-pick-1:callback"),
            "CallbackOffered of hub-pick-1");
        Assert.Equal(("agent-01", "chosen"), (callbackOffered.AgentId, callbackOffered.Detail));
        Assert.Single(await log.ReadAsync(0), e => e.Kind == AcdEventKind.CallOffered && e.CallId == "hub-pick-1:callback" && e.AgentId == "agent-01" && e.Detail == "chosen");
    }

    private static async Task<string?> RefusalAsync(HubConnection desk, string taskId)
    {
        var result = await desk.InvokeAsync<JsonElement>("AcceptCallback", taskId);
        Assert.False(result.GetProperty("ok").GetBoolean(), $"{taskId}: {result}");
        return result.GetProperty("error").GetString();
    }

    private static async Task<JsonElement> ListedAsync(HubConnection desk, string taskId)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (true)
        {
            foreach (var item in (await desk.InvokeAsync<JsonElement>("GetCallbacks")).EnumerateArray())
            {
                if (item.GetProperty("taskId").GetString() == taskId)
                {
                    return item;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"{taskId} not in the desk's callback list within {s_wait.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {s_wait.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }
}
