using System.Security.Claims;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.Privacy;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Web.Dispatch;

/// <summary>
/// GET /api/dispatch/calls/{id}: the link of the console's <c>emergencyTransfer</c> push. A dispatcher (or a supervisor)
/// reads the caller's data of a call that was transferred to an emergency line — from the live call while it rings
/// and talks, from the call record afterwards — and of no other call: 404 alike for an unknown call and one never
/// transferred, so call ids cannot be probed. Recordings are not part of it (docs/privacy.md).
/// </summary>
internal static partial class DispatchEndpoints
{
    public static IEndpointRouteBuilder MapDispatch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dispatch/calls/{id}", async (
            string id,
            ClaimsPrincipal user,
            HotlineCallRegistry calls,
            ICallRecordStore records,
            IOptions<PrivacyOptions> privacy,
            ILoggerFactory loggers,
            CancellationToken cancellationToken) =>
        {
            var logger = loggers.CreateLogger("HotlineTelephony.Server.Web.Dispatch.Calls");
            var view = await FindTransferredAsync(id, user, calls, records, privacy.Value, cancellationToken);
            if (view is null)
            {
                LogRefused(logger, user.Identity?.Name, id);
                return Results.NotFound();
            }

            LogServed(logger, user.Identity?.Name, id, string.Join(',', view.Transfers.Select(t => t.Line)));
            return Results.Ok(view);
        })
        .RequireAuthorization(HotlinePolicies.DispatcherOrSupervisor)
        .WithTags("Dispatch")
        .WithSummary("The caller's data of a call transferred to an emergency line (the dispatcher console's link).");

        return app;
    }

    private static async Task<DispatchCallView?> FindTransferredAsync(
        string id, ClaimsPrincipal user, HotlineCallRegistry calls, ICallRecordStore records, PrivacyOptions privacy, CancellationToken cancellationToken)
    {
        // The live call first: its transfers are noted before the push goes out, while its record is written only at the end.
        if (calls.FindBeforeRecord(id) is { } call && call.EmergencyTransfers is { Count: > 0 } noted)
        {
            return DispatchCallView.FromCall(call, noted, Show(privacy, user, call.CallerNumber));
        }

        if (await records.GetAsync(id, cancellationToken) is { } record && DispatchCallView.TransfersOf(record) is { Count: > 0 } transfers)
        {
            return DispatchCallView.FromRecord(record, transfers, Show(privacy, user, record.CallerNumber));
        }

        return null;
    }

    private static string? Show(PrivacyOptions privacy, ClaimsPrincipal user, string? number) =>
        privacy.MaySeeNumbers(user) ? number : CallerNumberMask.Mask(number);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Information, Message = "Transferred call {CallId} read by {UserName} (lines {Lines})")]
    private static partial void LogServed(ILogger logger, string? userName, string callId, string lines);

    [LoggerMessage(EventId = 5404, Level = LogLevel.Warning, Message = "Call {CallId} not shown to {UserName}: no such call was transferred to an emergency line")]
    private static partial void LogRefused(ILogger logger, string? userName, string callId);
}
