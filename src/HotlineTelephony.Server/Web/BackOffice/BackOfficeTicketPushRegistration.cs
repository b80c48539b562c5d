using HotlineTelephony.Tickets.Outbox;

namespace HotlineTelephony.Server.Web.BackOffice;

/// <summary>Connects the tickets outbox to the back-office hub. Call before AddTickets, whose default publisher only logs.</summary>
internal static class BackOfficeTicketPushRegistration
{
    public static IServiceCollection AddBackOfficeTicketPush(this IServiceCollection services)
    {
        services.AddSingleton<ITicketEventPublisher, BackOfficeTicketPublisher>();
        return services;
    }
}
