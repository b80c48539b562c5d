using System.Security.Claims;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.Data;

namespace HotlineTelephony.Server.Web.Privacy;

/// <summary>
/// GET /api/recordings/{callRecordId} (R-TEL-50, R-SEC-02): the call's recording, only for supervisors (and the agent
/// who handled the call when <see cref="PrivacyOptions.AgentsMayPlayOwnCalls"/> is on). Every playback is written to <c>recording_playbacks</c> before a byte is served; when the
/// audit cannot be written the recording is not served (503).
/// </summary>
internal static partial class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recordings/{callRecordId}", async (
            string callRecordId,
            ClaimsPrincipal user,
            ICallRecordStore records,
            HotlineTelephony.CallCenter.Dialplans.DialplanProvider plans,
            WebDbContextFactory contexts,
            TimeProvider time,
            Microsoft.Extensions.Options.IOptions<PrivacyOptions> privacy,
            ILoggerFactory loggers,
            CancellationToken cancellationToken) =>
        {
            var logger = loggers.CreateLogger("HotlineTelephony.Server.Web.Privacy.Recordings");
            var record = await records.GetAsync(callRecordId, cancellationToken);
            bool allowed = user.IsSupervisor() || (privacy.Value.AgentsMayPlayOwnCalls && user.IsSupervisorOrAgent(record?.AgentId, plans.Current));
            if (!allowed)
            {
                LogRefused(logger, user.Identity?.Name, callRecordId);
                return Results.Forbid();
            }

            if (record?.RecordingPath is not { Length: > 0 } path || !File.Exists(path))
            {
                return Results.NotFound();
            }

            try
            {
                await using var db = contexts.CreateDbContext();
                db.RecordingPlaybacks.Add(new RecordingPlayback
                {
                    CallRecordId = callRecordId,
                    UserName = user.Identity?.Name ?? "",
                    Roles = string.Join(',', user.Roles()),
                    At = time.GetUtcNow(),
                });
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAuditFailed(logger, callRecordId, user.Identity?.Name, ex);
                return Results.Problem("The playback could not be audited, so the recording is not served; try again.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            LogServed(logger, user.Identity?.Name, callRecordId, record.AgentId);
            return Results.File(path, "audio/wav", Path.GetFileName(path));
        })
        .RequireAuthorization(HotlinePolicies.AgentOrSupervisor)
        .WithTags("Recordings");

        return app;
    }

    [LoggerMessage(EventId = 5601, Level = LogLevel.Information, Message = "Recording of call {CallId} served to {UserName} (call handled by agent {AgentId})")]
    private static partial void LogServed(ILogger logger, string? userName, string callId, string? agentId);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Warning, Message = "Recording of call {CallId} refused to {UserName}")]
    private static partial void LogRefused(ILogger logger, string? userName, string callId);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Error, Message = "Recording of call {CallId} not served to {UserName}: the playback audit could not be written")]
    private static partial void LogAuditFailed(ILogger logger, string callId, string? userName, Exception exception);
}
