using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Tickets.Storage;

/// <summary>Applies <see cref="TicketSchema"/> when the host starts, before the outbox dispatcher (registered after it) runs.</summary>
internal sealed class TicketSchemaHostedService(IDbContextFactory<TicketsDbContext> factory, TicketsOptions options, ILogger<TicketSchemaHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var previous = await TicketSchema.ApplyAsync(factory, cancellationToken).ConfigureAwait(false);
            TicketsLog.SchemaApplied(logger, TicketSchema.LatestVersion, previous, options.ResolveProvider());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"The ticket database ({options.ResolveProvider()}, {TicketsOptions.SectionName}:{nameof(TicketsOptions.ConnectionString)}) could not be prepared: {e.Message}", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
