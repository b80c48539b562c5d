using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Web.AgentDesk;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Web.Hubs;

/// <summary>
/// /hubs/agent: the agent desktop of the signed-in agent (its <c>agent_id</c> claim; a user without one is
/// disconnected). Pushes come from <see cref="AgentDeskNotifier"/>; the commands call the same code as the REST API
/// and the phone's feature codes (HotlineCallCenter.Control, the agent's grain) and act only on the agent's own call.
/// </summary>
[Authorize(Roles = HotlineRoles.Agent)]
internal sealed class AgentHub(
    HotlineCallCenter center,
    IGrainFactory grains,
    CallbackTaskList callbacks,
    ICallbackTaskStore callbackTasks,
    IOptions<PrivacyOptions> privacy,
    TimeProvider time) : Hub
{
    private AgentDefinition Agent => Context.User?.DialplanAgent(center.Dialplans.Current) ?? throw new HubException("This user is not an agent of the dialplan.");

    private string AgentId => Agent.Id;

    public override async Task OnConnectedAsync()
    {
        if (Context.User?.DialplanAgent(center.Dialplans.Current)?.Id is not { } agentId)
        {
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, AgentDeskNotifier.GroupOf(agentId));
        await base.OnConnectedAsync();
        var snapshot = await grains.GetGrain<IAgentGrain>(agentId).GetSnapshotAsync();
        await Clients.Caller.SendAsync("state", AgentDeskNotifier.StateOf(snapshot, time.GetUtcNow()));
    }

    public async Task<HubResult> SetReady()
    {
        var grain = await LoggedInAsync();
        if (grain is null)
        {
            return HubResult.Refused("agent unknown to the dialplan");
        }

        await grain.SetReadyAsync();
        return HubResult.Done;
    }

    public async Task<HubResult> SetNotReady(string? reason)
    {
        var grain = await LoggedInAsync();
        if (grain is null)
        {
            return HubResult.Refused("agent unknown to the dialplan");
        }

        await grain.SetNotReadyAsync(reason is { Length: > 0 } ? reason : "not-ready");
        return HubResult.Done;
    }

    public HubResult Hold() => OnMyCall(callId => center.Hold(callId));

    public HubResult Resume() => OnMyCall(callId => center.Resume(callId));

    public HubResult HangUp() => OnMyCall(callId => center.HangUp(callId));

    /// <summary>The directory: each entry's number (its short code when it has only a SIP URI), for <see cref="ThreeWay"/>.</summary>
    public IReadOnlyList<DirectoryItem> GetDirectory() =>
        [.. center.Dialplans.Current.Directory.Select(d => new DirectoryItem(d.Name, d.Number ?? d.Code, d.Category.ToString().ToLowerInvariant()))];

    /// <summary>Three-way call with a directory entry, by its number or its short code.</summary>
    public async Task<HubResult> ThreeWay(string number)
    {
        if (MyCall() is not { } callId)
        {
            return NoCall;
        }

        var entry = center.Dialplans.Current.Directory.FirstOrDefault(d => d.Number == number);
        return From(await center.ThreeWayAsync(callId, entry?.Code ?? number));
    }

    /// <summary>One-key transfer to 110, 119, 120 or 122.</summary>
    public async Task<HubResult> Emergency(string line)
    {
        if (line is not ("110" or "119" or "120" or "122"))
        {
            return HubResult.Refused("line must be 110, 119, 120 or 122");
        }

        return MyCall() is { } callId ? From(await center.EmergencyTransferAsync(callId, line)) : NoCall;
    }

    /// <summary>Callback tasks waiting in a queue, oldest first, with the caller to be dialled (masked for agents).</summary>
    public async Task<IReadOnlyList<CallbackItem>> GetCallbacks()
    {
        var pending = callbacks.Pending();
        if (pending.Count == 0)
        {
            return [];
        }

        // A task has no live call until it is dialled: its caller number is the stored task's.
        var stored = (await callbackTasks.ListAsync(openOnly: true, Context.ConnectionAborted)).ToDictionary(t => t.Id, t => t.Task.CallerNumber, StringComparer.Ordinal);
        return [.. pending.Select(t => new CallbackItem(t.TaskId, privacy.Value.Show(stored.GetValueOrDefault(t.TaskId) ?? center.Calls.Find(t.TaskId)?.CallerNumber, HotlineRoles.Agent), t.Queue, t.Since, t.OfferedTo))];
    }

    /// <summary>
    /// The agent takes a waiting callback task: its queue offers it to this agent now, exactly as it would have (the
    /// agent's phone rings; answering accepts it and the caller is dialled; no answer puts it back at its place). Refused
    /// with the reason when the task or the agent cannot be matched (see <see cref="CallbackPick"/>).
    /// </summary>
    public async Task<HubResult> AcceptCallback(string taskId)
    {
        if (string.IsNullOrWhiteSpace(taskId))
        {
            return HubResult.Refused("请选择要接受的回拨任务");
        }

        var agent = Agent;
        var stored = await callbackTasks.GetAsync(taskId, Context.ConnectionAborted);
        if ((callbacks.QueueOf(taskId) ?? stored?.Task.QueueId) is not { } queueId)
        {
            return HubResult.Refused($"回拨任务 {taskId} 不存在");
        }

        if (!agent.Queues.Contains(queueId))
        {
            return HubResult.Refused($"您不是队列 {queueId} 的坐席，不能接受该回拨任务");
        }

        var pick = await grains.GetGrain<IQueueGrain>(queueId).OfferChosenCallbackAsync(taskId, agent.Id);
        return pick switch
        {
            CallbackPick.Offered => HubResult.Done,
            CallbackPick.TaskNotWaiting => HubResult.Refused(stored?.Status switch
            {
                CallbackTaskStatus.Completed => $"回拨任务 {taskId} 已完成",
                CallbackTaskStatus.Failed => $"回拨任务 {taskId} 已关闭（回拨未成功）",
                null => $"回拨任务 {taskId} 不存在",
                _ => $"回拨任务 {taskId} 已被接受，正在回拨或等待重拨",
            }),
            CallbackPick.TaskOffered => HubResult.Refused($"回拨任务 {taskId} 已分配给其他坐席"),
            CallbackPick.AgentLoggedOut => HubResult.Refused("您尚未签入，请先置为就绪或未就绪"),
            CallbackPick.AgentNotInQueue => HubResult.Refused($"您不是队列 {queueId} 的坐席，不能接受该回拨任务"),
            CallbackPick.AgentLacksSkills => HubResult.Refused($"您的技能等级不满足队列 {queueId} 的要求"),
            CallbackPick.AgentBusy => HubResult.Refused("您正在振铃或通话中，请结束后再接受回拨"),
            CallbackPick.AgentInWrapUp => HubResult.Refused("您正在话后处理，请结束话后处理后再接受回拨"),
            _ => HubResult.Refused(pick.ToString()),
        };
    }

    private static HubResult NoCall { get; } = HubResult.Refused("no call connected to this agent");

    private async Task<IAgentGrain?> LoggedInAsync()
    {
        if (Context.User?.DialplanAgent(center.Dialplans.Current) is not { } agent)
        {
            return null;
        }

        var grain = grains.GetGrain<IAgentGrain>(agent.Id);
        if ((await grain.GetSnapshotAsync()).State == AgentState.LoggedOut)
        {
            await grain.LoginAsync(agent);
        }

        return grain;
    }

    private HubResult OnMyCall(Func<string, HotlineCallCenter.ControlResult> action) =>
        MyCall() is { } callId ? From(action(callId)) : NoCall;

    private string? MyCall()
    {
        var agentId = AgentId;
        return center.Calls.All().FirstOrDefault(c => c.ConnectedAgentId == agentId && !c.IsEnded)?.CallId;
    }

    private static HubResult From(HotlineCallCenter.ControlResult result) => result.Done ? HubResult.Done : HubResult.Refused(result.Status);
}
