using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.Hubs;
using HotlineTelephony.Server.Web.Privacy;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Web.Dispatch;

/// <summary>The dispatcher console's pushes: <c>emergencyTransfer</c> (awaited before the INVITE leaves) and <c>transferOutcome</c>.</summary>
internal sealed partial class DispatcherNotifier(IHubContext<DispatcherHub> hub, IOptions<PrivacyOptions> privacy, ILogger<DispatcherNotifier> logger)
    : IEmergencyTransferNotifier
{
    public async ValueTask StartingAsync(EmergencyTransferNotice notice, CancellationToken cancellationToken)
    {
        // The notice is what the console receives (the contract's emergencyTransfer), with the number as the role may see it.
        var message = notice with { Caller = privacy.Value.Show(notice.Caller, HotlineRoles.Dispatcher) };
        await hub.Clients.Group(DispatcherHub.Group).SendAsync("emergencyTransfer", message, cancellationToken).ConfigureAwait(false);
        LogPushed(logger, notice.CallId, notice.AgentId, notice.Line, notice.TransferId);
    }

    public void Outcome(string transferId, string outcome) => _ = SendOutcomeAsync(transferId, outcome);

    private async Task SendOutcomeAsync(string transferId, string outcome)
    {
        try
        {
            await hub.Clients.Group(DispatcherHub.Group).SendAsync("transferOutcome", new TransferOutcomeMessage(transferId, outcome)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogOutcomeFailed(logger, transferId, outcome, ex);
        }
    }

    [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "Dispatcher console not told of transfer {TransferId}'s outcome {Outcome}")]
    private static partial void LogOutcomeFailed(ILogger logger, string transferId, string outcome, Exception exception);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Dispatcher console told of call {CallId}'s transfer to {Line} by agent {AgentId} (transfer {TransferId})")]
    private static partial void LogPushed(ILogger logger, string callId, string agentId, string line, string transferId);
}

public sealed record TransferOutcomeMessage(string TransferId, string Outcome);
