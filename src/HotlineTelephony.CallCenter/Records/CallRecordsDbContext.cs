using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// The records database: call records with their steps and leg quality, the ACD event log, the caller
/// restriction list with its audit, callback tasks and voice messages. Times are stored as
/// UTC ticks (exact, ordered and comparable in SQL on SQLite, which has no native DateTimeOffset); read back in UTC.
/// </summary>
public sealed class CallRecordsDbContext(DbContextOptions<CallRecordsDbContext> options) : DbContext(options)
{
    public DbSet<AcdEventRow> AcdEvents => Set<AcdEventRow>();

    public DbSet<CallRecord> CallRecords => Set<CallRecord>();

    public DbSet<CallRecordEvent> CallRecordEvents => Set<CallRecordEvent>();

    public DbSet<CallLegQuality> CallLegQualities => Set<CallLegQuality>();

    public DbSet<CallerRestrictionRow> CallerRestrictions => Set<CallerRestrictionRow>();

    public DbSet<RestrictionAuditRow> RestrictionAudit => Set<RestrictionAuditRow>();

    public DbSet<CallbackTaskRow> CallbackTasks => Set<CallbackTaskRow>();

    public DbSet<VoiceMessageRow> VoiceMessages => Set<VoiceMessageRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<TimeSpan>().HaveConversion<TimeSpanToTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AcdEventRow>(e =>
        {
            e.ToTable("acd_events");
            e.HasKey(r => r.Sequence);
            e.Property(r => r.Sequence).ValueGeneratedNever();
            e.HasIndex(r => r.CallId);
            e.HasIndex(r => r.At);
        });

        modelBuilder.Entity<CallRecord>(e =>
        {
            e.ToTable("call_records");
            e.HasKey(r => r.CallId);
            e.HasIndex(r => r.ArrivedAt);
            e.HasIndex(r => r.TicketId);
            e.HasMany(r => r.Events).WithOne().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.Legs).WithOne().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CallRecordEvent>(e =>
        {
            e.ToTable("call_record_events");
            e.HasKey(r => new { r.CallId, r.Ordinal });
            e.Property(r => r.Ordinal).ValueGeneratedNever();
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(40);
        });

        modelBuilder.Entity<CallLegQuality>(e =>
        {
            e.ToTable("call_leg_quality");
            e.HasKey(r => new { r.CallId, r.Leg });
        });

        modelBuilder.Entity<CallerRestrictionRow>(e =>
        {
            e.ToTable("caller_restrictions");
            e.HasKey(r => r.Number);
        });

        modelBuilder.Entity<RestrictionAuditRow>(e =>
        {
            e.ToTable("caller_restriction_audit");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.Number);
        });

        modelBuilder.Entity<CallbackTaskRow>(e =>
        {
            e.ToTable("callback_tasks");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.Status);
        });

        modelBuilder.Entity<VoiceMessageRow>(e =>
        {
            e.ToTable("voice_messages");
            e.HasKey(r => r.CallId);
            e.HasIndex(r => r.LeftAt);
        });
    }

    /// <summary>
    /// Creates the tables when the database is new, and adds tables a newer version introduced to an existing database
    /// (no migrations yet: changed columns still need a new file, see <see cref="CallRecordsOptions"/>).
    /// </summary>
    internal static void EnsureCreated(IDbContextFactory<CallRecordsDbContext> factory)
    {
        using var db = factory.CreateDbContext();
        if (db.Database.EnsureCreated())
        {
            if (db.Database.IsSqlite())
            {
                // Readers (ReadAsync, call record queries) do not wait behind the batch writer.
                db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            }

            return;
        }

        if (db.Database.IsSqlite())
        {
            SqliteSchema.CreateMissing(db);
        }
    }
}
