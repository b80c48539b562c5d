using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.CallCenter.Metrics;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Web.AgentDesk;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.BackOffice;
using HotlineTelephony.Server.Web.Dispatch;
using HotlineTelephony.Server.Web.Events;
using HotlineTelephony.Server.Web.Hubs;
using HotlineTelephony.Server.Web.Privacy;
using HotlineTelephony.Server.Web.Wallboard;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HotlineTelephony.Server.Web;

internal static class WebServiceCollectionExtensions
{
    /// <summary>
    /// Sign-in, the four SignalR hubs and what feeds them. Must come before AddCallCenter: the grains' event log is
    /// registered here as the persisted log observed by the web side's feed.
    /// </summary>
    public static IServiceCollection AddHotlineWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHotlineAuth(configuration);
        services.AddOptions<WallboardOptions>().Bind(configuration.GetSection(WallboardOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        services.AddSingleton<AcdEventFeed>();
        // Outermost wrapper: persisted log ← /metrics instruments (AcdInstruments, registered by AddCallCenter) ← this feed.
        services.TryAddSingleton<IAcdEventLog>(sp => new ObservedAcdEventLog(sp.GetRequiredService<AcdInstruments>(), sp.GetRequiredService<AcdEventFeed>()));

        services.AddSingleton<WebInstruments>();
        services.AddSingleton<HubConnectionLog>();
        services.AddSignalR(o => o.AddFilter<HubConnectionLog>());

        services.AddSingleton<WallboardService>();
        services.AddHostedService(sp => sp.GetRequiredService<WallboardService>());
        services.AddSingleton<CallbackTaskList>();
        services.TryAddSingleton<ICallerTicketHistory, NoCallerTicketHistory>();
        services.AddHostedService<AgentDeskNotifier>();
        services.AddSingleton<IEmergencyTransferNotifier, DispatcherNotifier>();
        services.AddSingleton<BackOfficeNotifier>();
        return services;
    }

    public static IEndpointRouteBuilder MapHotlineWeb(this IEndpointRouteBuilder app)
    {
        app.MapAuth();
        app.MapRecordings();
        app.MapDispatch();
        app.MapWallboardAudit();
        app.MapHub<WallboardHub>("/hubs/wallboard");
        app.MapHub<AgentHub>("/hubs/agent");
        app.MapHub<BackOfficeHub>("/hubs/backoffice");
        app.MapHub<DispatcherHub>("/hubs/dispatcher");
        return app;
    }
}
