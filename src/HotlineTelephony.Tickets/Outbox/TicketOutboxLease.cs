using HotlineTelephony.Tickets.Storage;
using Microsoft.EntityFrameworkCore;

namespace HotlineTelephony.Tickets.Outbox;

/// <summary>
/// The right to push the outbox, one holder per database: row <c>ticket-outbox</c> of table <c>outbox_lease</c> (holder,
/// expiry in UTC ticks). Taking and renewing are one conditional UPDATE — "mine, or expired" — which the database
/// applies atomically (PostgreSQL's row lock, SQLite's write lock), so two nodes never both succeed. The expiry is
/// computed on the database's clock, so nodes whose clocks differ still agree on it.
/// The holder trusts its lease for <see cref="TicketsOptions.OutboxLeaseDuration"/> measured on its own monotonic
/// clock from before the UPDATE was sent (never longer than the database grants), and renews every
/// <see cref="TicketsOptions.OutboxLeaseRenewInterval"/>; a push starts only while at least the rest of the duration is left.
/// </summary>
public sealed class TicketOutboxLease
{
    public const string Name = "ticket-outbox";

    // UTC ticks (as every time in the ticket database) of the statement's time on the database server.
    private const string SqliteNow = "(CAST((julianday('now') - 2440587.5) * 864000000000.0 AS INTEGER) + 621355968000000000)";
    private const string PostgresNow = "(CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 10000000 AS BIGINT) + 621355968000000000)";

    // {0} holder, {1} duration in ticks, {2} lease name: "mine, or expired" in one statement.
    private const string TakeSql = "UPDATE outbox_lease SET holder = {0}, expires_at = NOW + {1} WHERE name = {2} AND (holder = {0} OR expires_at <= NOW)";
    private static readonly string s_sqliteTake = TakeSql.Replace("NOW", SqliteNow, StringComparison.Ordinal);
    private static readonly string s_postgresTake = TakeSql.Replace("NOW", PostgresNow, StringComparison.Ordinal);

    private readonly IDbContextFactory<TicketsDbContext> _factory;
    private readonly TicketsOptions _options;
    private readonly TimeProvider _time;
    private long _takenAt;
    private bool _held;

    public TicketOutboxLease(IDbContextFactory<TicketsDbContext> factory, TicketsOptions options, TimeProvider time, string? holder = null)
    {
        _factory = factory;
        _options = options;
        _time = time;
        Holder = holder ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This node's name in the lease row.</summary>
    public string Holder { get; }

    /// <summary>Whether the last attempt took or renewed the lease and it has not run out since (on this node's clock).</summary>
    public bool IsHeld => _held && _time.GetElapsedTime(_takenAt) < _options.OutboxLeaseDuration;

    /// <summary>Held with at least the renew interval to spare: no database round trip needed before the next push.</summary>
    public bool IsFresh => _held && _time.GetElapsedTime(_takenAt) < _options.OutboxLeaseRenewInterval;

    /// <summary>
    /// Takes the lease if it is free or expired, or renews it if this node holds it. Returns whether this node holds it
    /// now; throws when the database cannot be reached (the caller treats that as not holding).
    /// </summary>
    public async Task<bool> TryTakeAsync(CancellationToken cancellationToken)
    {
        var sentAt = _time.GetTimestamp();
        try
        {
            await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var taken = await db.Database.ExecuteSqlRawAsync(
                db.Database.IsNpgsql() ? s_postgresTake : s_sqliteTake,
                [Holder, _options.OutboxLeaseDuration.Ticks, Name],
                cancellationToken).ConfigureAwait(false) == 1;
            _held = taken;
            if (taken)
            {
                _takenAt = sentAt;
            }

            return taken;
        }
        catch
        {
            _held = false;
            throw;
        }
    }

    /// <summary>Gives the lease up (a clean stop), so another node takes over without waiting for the expiry.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!_held)
        {
            return;
        }

        _held = false;
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("UPDATE outbox_lease SET expires_at = 0 WHERE name = {0} AND holder = {1}", [Name, Holder], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Who holds the lease and until when (UTC ticks on the database's clock), for logs and tests.</summary>
    public async Task<(string Holder, DateTimeOffset ExpiresAt)?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT holder, expires_at FROM outbox_lease WHERE name = @name";
        TicketSchema.AddParameter(command, "name", Name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetString(0), new DateTimeOffset(Math.Max(0, reader.GetInt64(1)), TimeSpan.Zero))
            : null;
    }
}
