using HotlineTelephony.CallCenter.Acd;
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

    public IReadOnlyList<DirectoryItem> GetDirectory() =>
        [.. center.Dialplans.Current.Directory.Select(d => new DirectoryItem(d.Name, d.Code, d.Category.ToString().ToLowerInvariant()))];

    /// <summary>Three-way call with a directory entry, by its number (the directory code).</summary>
    public async Task<HubResult> ThreeWay(string number) =>
        MyCall() is { } callId ? From(await center.ThreeWayAsync(callId, number)) : NoCall;

    /// <summary>One-key transfer to 110, 119, 120 or 122.</summary>
    public async Task<HubResult> Emergency(string line)
    {
        if (line is not ("110" or "119" or "120" or "122"))
        {
            return HubResult.Refused("line must be 110, 119, 120 or 122");
        }

        return MyCall() is { } callId ? From(await center.EmergencyTransferAsync(callId, line)) : NoCall;
    }

    public IReadOnlyList<CallbackItem> GetCallbacks() =>
        [.. callbacks.Pending().Select(t => new CallbackItem(t.TaskId, privacy.Value.Show(center.Calls.Find(t.TaskId)?.CallerNumber, HotlineRoles.Agent), t.Queue, t.Since))];

    /// <summary>Callback tasks are offered by their queue to the next qualified agent; picking one by hand is not there yet.</summary>
    public HubResult AcceptCallback(string taskId) =>
        HubResult.Refused($"callback task {taskId} will be offered by its queue: accepting a chosen task is not supported yet");

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
