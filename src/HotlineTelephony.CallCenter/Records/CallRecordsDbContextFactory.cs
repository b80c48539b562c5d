using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>Creates SQLite contexts over <see cref="CallRecordsOptions.ConnectionString"/> (plus any interceptors).</summary>
public sealed class CallRecordsDbContextFactory : IDbContextFactory<CallRecordsDbContext>
{
    // Pooled: a context per call record, event batch or caller lookup; building each from scratch cost more than the SQL.
    private readonly PooledDbContextFactory<CallRecordsDbContext> _pool;

    public CallRecordsDbContextFactory(CallRecordsOptions options, params IInterceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new DbContextOptionsBuilder<CallRecordsDbContext>()
            .UseSqlite(options.ConnectionString)
            .AddInterceptors(new SqliteSynchronousInterceptor(options.Synchronous.ToUpperInvariant()));
        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        _pool = new PooledDbContextFactory<CallRecordsDbContext>(builder.Options);
    }

    public CallRecordsDbContext CreateDbContext() => _pool.CreateDbContext();
}
