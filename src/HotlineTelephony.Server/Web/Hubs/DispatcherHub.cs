using HotlineTelephony.Server.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace HotlineTelephony.Server.Web.Hubs;

/// <summary>/hubs/dispatcher: server→client <c>emergencyTransfer</c> (before the INVITE leaves) and <c>transferOutcome</c>.</summary>
[Authorize(Roles = HotlineRoles.Dispatcher)]
internal sealed class DispatcherHub : Hub
{
    public const string Group = "dispatchers";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Group);
        await base.OnConnectedAsync();
    }
}
