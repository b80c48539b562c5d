using HotlineTelephony.Server.Web.Auth;
using Microsoft.AspNetCore.SignalR;

namespace HotlineTelephony.Server.Web.Hubs;

/// <summary>
/// One hub filter for every hub: a structured log event for each connection and disconnection (hub, user, roles,
/// agent id, connection id) and the hotline_hub_clients gauge.
/// </summary>
internal sealed partial class HubConnectionLog(WebInstruments instruments, ILogger<HubConnectionLog> logger) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        var hub = HubName(context.Hub);
        var user = context.Context.User;
        instruments.HubClientConnected(hub);
        LogConnected(logger, hub, user?.Identity?.Name, string.Join(',', user?.Roles() ?? []), user?.AgentId(), context.Context.ConnectionId);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            var hub = HubName(context.Hub);
            var user = context.Context.User;
            instruments.HubClientDisconnected(hub);
            LogDisconnected(logger, hub, user?.Identity?.Name, string.Join(',', user?.Roles() ?? []), user?.AgentId(), context.Context.ConnectionId, exception?.Message);
        }
    }

    private static string HubName(Hub hub) => hub switch
    {
        WallboardHub => "wallboard",
        AgentHub => "agent",
        BackOfficeHub => "backoffice",
        DispatcherHub => "dispatcher",
        _ => hub.GetType().Name,
    };

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Hub {Hub}: {UserName} ({Roles}) connected, agent {AgentId}, connection {ConnectionId}")]
    private static partial void LogConnected(ILogger logger, string hub, string? userName, string roles, string? agentId, string connectionId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Hub {Hub}: {UserName} ({Roles}) disconnected, agent {AgentId}, connection {ConnectionId}: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string hub, string? userName, string roles, string? agentId, string connectionId, string? reason);
}
