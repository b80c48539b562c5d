using System.Text.Json.Serialization;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.CallCenter.Metrics;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.CallCenter.Restrictions;
using System.Security.Claims;
using HotlineTelephony.Server.Web.Auth;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// The call centre's REST API (OpenAPI at /openapi/v1.json): agent state, call control, the restriction list, the
/// dialplan, call records and the event log. Each call-control endpoint has the same effect as the agent's feature
/// code. Every endpoint needs a signed-in user (cookie or bearer token, Web/Auth): supervisors may use all of it; an
/// agent only its own agent state and the calls it is connected to (or, for records, handled). docs/privacy.md.
/// </summary>
internal static class CallCenterEndpoints
{
    public sealed record NotReadyRequest(string? Reason);

    public sealed record ThreeWayRequest(string Code);

    /// <summary>Mode by name ("Warm", "Blind") as documented; the API's other enums stay numeric.</summary>
    public sealed record EmergencyRequest(
        string Number,
        [property: JsonConverter(typeof(JsonStringEnumConverter<EmergencyTransferMode>))] EmergencyTransferMode? Mode);

    public sealed record RestrictionRequest(string Number, string Reason, string ListedBy, DateTimeOffset? Start, DateTimeOffset? End);

    public static IEndpointRouteBuilder MapCallCenter(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(HotlinePolicies.SignedIn);

        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapGet("/", async (DialplanProvider plans, IGrainFactory grains) =>
        {
            var result = new List<AgentSnapshot>();
            foreach (var agent in plans.Current.Agents)
            {
                result.Add(await grains.GetGrain<IAgentGrain>(agent.Id).GetSnapshotAsync());
            }

            return result;
        }).RequireAuthorization(HotlinePolicies.Supervisor);
        agents.MapGet("/{id}", async (string id, ClaimsPrincipal user, DialplanProvider plans, IGrainFactory grains) =>
            !user.IsSupervisorOrAgent(id, plans.Current) ? Results.Forbid()
            : plans.Current.FindAgent(id) is null ? Results.NotFound() : Results.Ok(await grains.GetGrain<IAgentGrain>(id).GetSnapshotAsync()));
        agents.MapPost("/{id}/login", (string id, ClaimsPrincipal user, DialplanProvider plans, IGrainFactory grains) =>
            AgentAction(id, user, plans, grains, (grain, agent) => grain.LoginAsync(agent)));
        agents.MapPost("/{id}/logout", (string id, ClaimsPrincipal user, DialplanProvider plans, IGrainFactory grains) =>
            AgentAction(id, user, plans, grains, (grain, _) => grain.LogoutAsync()));
        agents.MapPost("/{id}/ready", (string id, ClaimsPrincipal user, DialplanProvider plans, IGrainFactory grains) =>
            AgentAction(id, user, plans, grains, (grain, _) => grain.SetReadyAsync()));
        agents.MapPost("/{id}/not-ready", (string id, NotReadyRequest? body, ClaimsPrincipal user, DialplanProvider plans, IGrainFactory grains) =>
            AgentAction(id, user, plans, grains, (grain, _) => grain.SetNotReadyAsync(body?.Reason is { Length: > 0 } reason ? reason : "not-ready")));
        agents.MapPost("/{id}/end-wrap-up", (string id, ClaimsPrincipal user, DialplanProvider plans, IGrainFactory grains) =>
            AgentAction(id, user, plans, grains, (grain, _) => grain.EndWrapUpAsync()));

        var queues = api.MapGroup("/queues").WithTags("Queues").RequireAuthorization(HotlinePolicies.Supervisor);
        queues.MapGet("/", async (DialplanProvider plans, IGrainFactory grains) =>
        {
            var result = new List<QueueSnapshot>();
            foreach (var queue in plans.Current.Queues)
            {
                result.Add(await grains.GetGrain<IQueueGrain>(queue.Id).GetSnapshotAsync());
            }

            return result;
        });
        queues.MapGet("/{id}", async (string id, DialplanProvider plans, IGrainFactory grains) =>
            plans.Current.FindQueue(id) is null ? Results.NotFound() : Results.Ok(await grains.GetGrain<IQueueGrain>(id).GetSnapshotAsync()));

        var calls = api.MapGroup("/calls").WithTags("Calls");
        calls.MapGet("/", async (HotlineCallRegistry registry, IGrainFactory grains) =>
        {
            var result = new List<CallSnapshot>();
            foreach (var call in registry.All())
            {
                result.Add(await grains.GetGrain<ICallGrain>(call.CallId).GetSnapshotAsync());
            }

            return result;
        }).RequireAuthorization(HotlinePolicies.Supervisor);

        // Call control: supervisors any call, an agent only the call it is connected to.
        var control = calls.MapGroup("/{id}").RequireAuthorization(HotlinePolicies.AgentOrSupervisor)
            .AddEndpointFilter(async (context, next) =>
            {
                var id = (string)context.HttpContext.GetRouteValue("id")!;
                var user = context.HttpContext.User;
                if (user.IsSupervisor() || context.HttpContext.Request.Method == HttpMethods.Get)
                {
                    return await next(context);
                }

                var services = context.HttpContext.RequestServices;
                var connected = services.GetRequiredService<HotlineCallRegistry>().Find(id)?.ConnectedAgentId;
                return user.IsSupervisorOrAgent(connected, services.GetRequiredService<DialplanProvider>().Current) ? await next(context) : Results.Forbid();
            });
        control.MapPost("/hold", (string id, HotlineCallCenter center) => Control(center.Hold(id)));
        control.MapPost("/resume", (string id, HotlineCallCenter center) => Control(center.Resume(id)));
        control.MapPost("/hang-up", (string id, HotlineCallCenter center) => Control(center.HangUp(id)));
        control.MapPost("/three-way", async (string id, ThreeWayRequest body, HotlineCallCenter center) => Control(await center.ThreeWayAsync(id, body.Code)));
        control.MapPost("/three-way/join", (string id, HotlineCallCenter center) => Control(center.JoinThreeWay(id)));
        control.MapPost("/three-way/leave", (string id, HotlineCallCenter center) => Control(center.LeaveThreeWay(id)));
        control.MapPost("/three-way/drop", (string id, HotlineCallCenter center) => Control(center.DropThirdParty(id)));
        control.MapPost("/emergency", async (string id, EmergencyRequest body, HotlineCallCenter center) =>
            Control(await center.EmergencyTransferAsync(id, body.Number, body.Mode)));

        // A record: supervisors, and the agent who answered the call.
        control.MapGet("/record", async (string id, ClaimsPrincipal user, ICallRecordStore store, DialplanProvider plans) =>
            await store.GetAsync(id) is not { } record ? (user.IsSupervisor() ? Results.NotFound() : Results.Forbid())
            : user.IsSupervisorOrAgent(record.AgentId, plans.Current) ? Results.Ok(record) : Results.Forbid());

        var records = api.MapGroup("/records").WithTags("Records").RequireAuthorization(HotlinePolicies.Supervisor);
        records.MapGet("/", async (DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take, ICallRecordStore store) =>
            await store.ListAsync(from ?? DateTimeOffset.UtcNow.AddDays(-1), to ?? DateTimeOffset.UtcNow.AddMinutes(1), skip ?? 0, take ?? 100));
        records.MapGet("/events", async (long? after, IAcdEventLog log) => await log.ReadAsync(after ?? 0));
        records.MapGet("/metrics", async (DateTimeOffset? from, DateTimeOffset? to, IAcdEventLog log, DialplanProvider plans) =>
        {
            // Recomputed from the persisted event log (docs/metrics.md); the live counters are on /api/queues.
            var queues = plans.Current.Queues.ToDictionary(q => q.Id, StringComparer.Ordinal);
            var window = from is null && to is null ? MetricsWindow.Unbounded : new MetricsWindow(from ?? DateTimeOffset.MinValue, to ?? DateTimeOffset.MaxValue);
            return await MetricsFold.ReplayAsync(log, queues, window);
        });

        // Voice messages left from the overflow offer, newest first, for agents to call back (R-TEL-03).
        api.MapGet("/voice-messages", (Microsoft.Extensions.Options.IOptions<HotlineTelephony.Media.Sessions.MediaEngineOptions> media) =>
        {
            var folder = new DirectoryInfo(Path.Combine(media.Value.Recording.Folder, "voice-messages"));
            if (!folder.Exists)
            {
                return Results.Ok(Array.Empty<object>());
            }

            return Results.Ok(folder.EnumerateFiles("*.wav", SearchOption.AllDirectories)
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .Select(f => new { CallId = Path.GetFileNameWithoutExtension(f.Name), LeftAt = new DateTimeOffset(f.LastWriteTimeUtc), Path = f.FullName, Bytes = f.Length })
                .ToList());
        }).WithTags("Calls").RequireAuthorization(HotlinePolicies.Supervisor);

        var restrictions = api.MapGroup("/restrictions").WithTags("Restrictions").RequireAuthorization(HotlinePolicies.Supervisor);
        restrictions.MapGet("/", (CallerRestrictionList list) => list.Active());
        restrictions.MapGet("/audit", (CallerRestrictionList list) => list.Audit());
        restrictions.MapPost("/", (RestrictionRequest body, CallerRestrictionList list) =>
        {
            try
            {
                return Results.Ok(list.List(body.Number, body.Reason, body.ListedBy, body.Start, body.End));
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        });
        restrictions.MapDelete("/{number}", (string number, string by, string reason, CallerRestrictionList list) =>
            list.Lift(number, by, reason) ? Results.NoContent() : Results.NotFound());

        var dialplan = api.MapGroup("/dialplan").WithTags("Dialplan").RequireAuthorization(HotlinePolicies.Supervisor);
        dialplan.MapGet("/", (DialplanProvider plans) => new
        {
            plans.Current.Generation,
            plans.Current.Sources,
            Policy = plans.Current.Policy,
            LastErrors = plans.LastErrors.Select(e => e.ToString()),
        });
        dialplan.MapPost("/reload", async (DialplanProvider plans) =>
        {
            var result = await plans.ReloadAsync();
            return result.Plan is null
                ? Results.Problem(string.Join("\n", result.Errors.Select(e => e.ToString())), statusCode: StatusCodes.Status422UnprocessableEntity, title: "The dialplan was refused; the previous plan keeps serving.")
                : Results.Ok(new { plans.Current.Generation });
        });

        return app;
    }

    private static async Task<IResult> AgentAction(string id, ClaimsPrincipal user, DialplanProvider plans, IGrainFactory grains, Func<IAgentGrain, AgentDefinition, Task> action)
    {
        if (!user.IsSupervisorOrAgent(id, plans.Current))
        {
            return Results.Forbid();
        }

        if (plans.Current.FindAgent(id) is not { } agent)
        {
            return Results.NotFound();
        }

        var grain = grains.GetGrain<IAgentGrain>(id);
        await action(grain, agent);
        return Results.Ok(await grain.GetSnapshotAsync());
    }

    private static IResult Control(HotlineCallCenter.ControlResult result) =>
        result.Done ? Results.Ok(result) : Results.Conflict(result);
}
