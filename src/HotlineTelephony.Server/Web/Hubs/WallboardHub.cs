using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.Wallboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace HotlineTelephony.Server.Web.Hubs;

/// <summary>/hubs/wallboard: server→client <c>figures(WallboardFigures)</c>, coalesced; <c>GetFigures()</c> on demand.</summary>
[Authorize(Roles = HotlineRoles.Supervisor)]
internal sealed class WallboardHub(WallboardService wallboard) : Hub
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, WallboardService.Group);
        await base.OnConnectedAsync();
    }

    public Task<WallboardFigures> GetFigures() => wallboard.GetFiguresAsync(Context.ConnectionAborted);
}
