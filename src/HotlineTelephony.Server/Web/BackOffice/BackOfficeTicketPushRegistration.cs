using HotlineTelephony.Server.Web.Hubs;
using HotlineTelephony.Server.Web.Wallboard;
using HotlineTelephony.Tickets.Outbox;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Web.BackOffice;

/// <summary>Connects the tickets outbox to the back-office hub. Call after AddHotlineWeb and before AddTickets, whose default publisher only logs.</summary>
internal static class BackOfficeTicketPushRegistration
{
    public static IServiceCollection AddBackOfficeTicketPush(this IServiceCollection services)
    {
        // The notifier's constructor is internal, which the container cannot call (start-up validation refuses the
        // plain registration): replace it with one that builds the notifier here.
        services.Replace(ServiceDescriptor.Singleton(sp => new BackOfficeNotifier(
            sp.GetRequiredService<IHubContext<BackOfficeHub>>(),
            sp.GetRequiredService<IOptions<HotlineTelephony.Server.Web.Privacy.PrivacyOptions>>(),
            sp.GetRequiredService<WallboardService>(),
            sp.GetRequiredService<ILogger<BackOfficeNotifier>>())));
        services.AddSingleton<ITicketEventPublisher, BackOfficeTicketPublisher>();
        return services;
    }
}
