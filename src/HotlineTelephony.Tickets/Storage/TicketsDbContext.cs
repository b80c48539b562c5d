using HotlineTelephony.Tickets.Model;
using HotlineTelephony.Tickets.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HotlineTelephony.Tickets.Storage;

/// <summary>
/// The ticket database: tickets, their counters and the outbox. The tables are created by <see cref="TicketSchema"/>
/// (explicit, versioned DDL for SQLite and PostgreSQL), not by EF: this model only maps them. Times are UTC ticks on
/// both providers, so ordering and comparison in SQL are exact and the same everywhere.
/// </summary>
public sealed class TicketsDbContext(DbContextOptions<TicketsDbContext> options) : DbContext(options)
{
    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketOutboxMessage> Outbox => Set<TicketOutboxMessage>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Ticket>(e =>
        {
            e.ToTable("tickets");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(t => t.Number).HasColumnName("number");
            e.Property(t => t.CreatedAt).HasColumnName("created_at");
            e.Property(t => t.UpdatedAt).HasColumnName("updated_at");
            e.Property(t => t.CallerNumber).HasColumnName("caller_number");
            e.Property(t => t.Category).HasColumnName("category");
            e.Property(t => t.Content).HasColumnName("content");
            e.Property(t => t.Location).HasColumnName("location");
            e.Property(t => t.CallId).HasColumnName("call_id");
            e.Property(t => t.CallRecordId).HasColumnName("call_record_id");
            e.Property(t => t.RecordingPath).HasColumnName("recording_path");
            e.Property(t => t.AgentId).HasColumnName("agent_id");
            e.Property(t => t.Status).HasColumnName("status");
            e.HasIndex(t => t.Number).IsUnique();
        });

        modelBuilder.Entity<TicketOutboxMessage>(e =>
        {
            e.ToTable("ticket_outbox");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).HasColumnName("sequence").ValueGeneratedNever();
            e.Property(m => m.TicketNumber).HasColumnName("ticket_number");
            e.Property(m => m.Kind).HasColumnName("kind");
            e.Property(m => m.Payload).HasColumnName("payload");
            e.Property(m => m.CreatedAt).HasColumnName("created_at");
            e.Property(m => m.DispatchedAt).HasColumnName("dispatched_at");
            e.Property(m => m.Attempts).HasColumnName("attempts");
            e.Property(m => m.LastError).HasColumnName("last_error");
        });
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
