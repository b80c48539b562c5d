using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace HotlineTelephony.Tickets.Storage;

/// <summary>Contexts over <see cref="TicketsOptions.ConnectionString"/> on the configured provider (plus any interceptors).</summary>
public sealed class TicketsDbContextFactory : IDbContextFactory<TicketsDbContext>
{
    // Pooled: a context per call record, event batch or caller lookup; building each from scratch cost more than the SQL.
    private readonly PooledDbContextFactory<TicketsDbContext> _pool;

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

        _pool = new PooledDbContextFactory<TicketsDbContext>(builder.Options);
    }

    public TicketDatabaseProvider Provider { get; }

    public TicketsDbContext CreateDbContext() => _pool.CreateDbContext();
}
