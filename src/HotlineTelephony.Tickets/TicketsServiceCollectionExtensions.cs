using HotlineTelephony.Tickets.Api;
using HotlineTelephony.Tickets.Calls;
using HotlineTelephony.Tickets.Outbox;
using HotlineTelephony.Tickets.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HotlineTelephony.Tickets;

public static class TicketsServiceCollectionExtensions
{
    /// <summary>
    /// Tickets on the "Tickets" settings (validated here): the database (schema applied at start), the store, the
    /// outbox dispatcher, and defaults for the publisher (logs), the call link (none) and the ticket's agent (the body's) unless registered already.
    /// </summary>
    public static IServiceCollection AddTickets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddTickets(options => configuration.GetSection(TicketsOptions.SectionName).Bind(options));
    }

    public static IServiceCollection AddTickets(this IServiceCollection services, Action<TicketsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new TicketsOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IDbContextFactory<TicketsDbContext>>(_ => new TicketsDbContextFactory(options));
        services.AddSingleton(sp => new TicketsInstruments(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<TicketOutboxSignal>();
        services.AddSingleton<TicketStore>();
        services.TryAddSingleton<ITicketEventPublisher, LoggingTicketEventPublisher>();
        services.TryAddSingleton<ICallLinkResolver, NoCallLinkResolver>();
        services.TryAddSingleton<ITicketAuthors, BodyTicketAuthors>();
        services.AddSingleton<IHostedService, TicketSchemaHostedService>();
        services.AddSingleton<TicketOutboxDispatcher>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TicketOutboxDispatcher>());
        return services;
    }
}
