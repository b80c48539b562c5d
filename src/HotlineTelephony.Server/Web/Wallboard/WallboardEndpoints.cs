using HotlineTelephony.Server.Web.Auth;

namespace HotlineTelephony.Server.Web.Wallboard;

/// <summary>
/// GET /api/wallboard (the live figures) and GET /api/wallboard/recomputed (the same figures recomputed by replaying
/// the persisted event log at the same instant): the two must be equal, apart from nothing.
/// </summary>
internal static class WallboardEndpoints
{
    public sealed record LiveAndRecomputed(WallboardFigures Live, WallboardFigures Recomputed);

    public static IEndpointRouteBuilder MapWallboardAudit(this IEndpointRouteBuilder app)
    {
        var wallboard = app.MapGroup("/api/wallboard").WithTags("Wallboard").RequireAuthorization(HotlinePolicies.Supervisor);
        wallboard.MapGet("/", (WallboardService service, CancellationToken cancellationToken) => service.GetFiguresAsync(cancellationToken));

        // Live and recomputed at one "now", so time-dependent figures (longest wait, wrap-up countdowns) compare too.
        wallboard.MapGet("/audit", async (WallboardService service, CancellationToken cancellationToken) =>
        {
            var (live, now, sequence) = await service.GetFiguresAfterPendingAsync(cancellationToken);
            return new LiveAndRecomputed(live, await service.RecomputeAsync(now, sequence, cancellationToken));
        });
        return app;
    }
}
