using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HotlineTelephony.Tickets.Storage;

/// <summary>Contexts over <see cref="TicketsOptions.ConnectionString"/> on the configured provider (plus any interceptors).</summary>
public sealed class TicketsDbContextFactory : IDbContextFactory<TicketsDbContext>
{
    private readonly DbContextOptions<TicketsDbContext> _options;

    public TicketsDbContextFactory(TicketsOptions options, params IInterceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Provider = options.ResolveProvider();
        var builder = new DbContextOptionsBuilder<TicketsDbContext>();
        if (Provider == TicketDatabaseProvider.PostgreSql)
        {
            builder.UseNpgsql(options.ConnectionString);
        }
        else
        {
            builder.UseSqlite(options.ConnectionString);
        }

        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        _options = builder.Options;
    }

    public TicketDatabaseProvider Provider { get; }

    public TicketsDbContext CreateDbContext() => new(_options);
}
