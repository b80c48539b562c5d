using HotlineTelephony.CallCenter.Records;
using Microsoft.EntityFrameworkCore;

namespace HotlineTelephony.Server.Web.Data;

/// <summary>SQLite contexts over the records database's connection string; creates the web tables on first use.</summary>
public sealed class WebDbContextFactory : IDbContextFactory<WebDbContext>
{
    private readonly DbContextOptions<WebDbContext> _options;
    private readonly Lazy<bool> _created;

    public WebDbContextFactory(CallRecordsOptions records)
    {
        ArgumentNullException.ThrowIfNull(records);
        _options = new DbContextOptionsBuilder<WebDbContext>().UseSqlite(records.ConnectionString).Options;
        _created = new Lazy<bool>(() =>
        {
            WebDbContext.EnsureTables(_options);
            return true;
        });
    }

    public WebDbContext CreateDbContext()
    {
        _ = _created.Value;
        return new WebDbContext(_options);
    }
}
