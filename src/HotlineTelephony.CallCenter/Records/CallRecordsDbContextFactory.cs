using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>Creates SQLite contexts over <see cref="CallRecordsOptions.ConnectionString"/> (plus any interceptors).</summary>
public sealed class CallRecordsDbContextFactory : IDbContextFactory<CallRecordsDbContext>
{
    private readonly DbContextOptions<CallRecordsDbContext> _options;

    public CallRecordsDbContextFactory(CallRecordsOptions options, params IInterceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new DbContextOptionsBuilder<CallRecordsDbContext>().UseSqlite(options.ConnectionString);
        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        _options = builder.Options;
    }

    public CallRecordsDbContext CreateDbContext() => new(_options);
}
