using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.Privacy;
using Microsoft.EntityFrameworkCore;

namespace HotlineTelephony.Server.Web.Data;

/// <summary>
/// The web side's tables (users, recording playback audit) in the records database (CallRecords:ConnectionString),
/// beside the call centre's own tables. Times are stored as UTC ticks like the records tables.
/// </summary>
public sealed class WebDbContext(DbContextOptions<WebDbContext> options) : DbContext(options)
{
    public DbSet<UserAccount> Users => Set<UserAccount>();

    public DbSet<RecordingPlayback> RecordingPlaybacks => Set<RecordingPlayback>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserAccount>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Id);
            e.HasIndex(u => u.UserName).IsUnique();
            e.Ignore(u => u.RoleList);
        });

        modelBuilder.Entity<RecordingPlayback>(e =>
        {
            e.ToTable("recording_playbacks");
            e.HasKey(p => p.Id);
            e.HasIndex(p => p.CallRecordId);
        });
    }

    /// <summary>
    /// Creates these tables when missing. The database usually exists already (the records tables), so EnsureCreated
    /// would do nothing: only the missing tables are created.
    /// </summary>
    internal static void EnsureTables(DbContextOptions<WebDbContext> options)
    {
        using var db = new WebDbContext(options);
        SqliteSchema.CreateMissing(db);
    }
}
