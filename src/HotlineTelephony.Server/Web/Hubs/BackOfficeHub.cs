using HotlineTelephony.Server.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace HotlineTelephony.Server.Web.Hubs;

/// <summary>
/// /hubs/backoffice: server→client <c>ticketCreated</c>/<c>ticketUpdated</c>. Supervisors and back-office staff are in
/// separate groups because only supervisors see caller numbers unmasked (docs/privacy.md).
/// </summary>
[Authorize(Roles = HotlineRoles.BackOffice + "," + HotlineRoles.Supervisor)]
internal sealed class BackOfficeHub : Hub
{
    public const string MaskedGroup = "backoffice-masked";
    public const string FullGroup = "backoffice-full";

    public override async Task OnConnectedAsync()
    {
        var group = Context.User?.IsInRole(HotlineRoles.Supervisor) == true ? FullGroup : MaskedGroup;
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        await base.OnConnectedAsync();
    }
}
