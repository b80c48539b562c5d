using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace HotlineTelephony.Tickets.Storage;

/// <summary>
/// Named counters in table <c>ticket_counters</c>, incremented inside the caller's transaction with one upsert. The
/// upsert locks the counter's row (PostgreSQL) or the database (SQLite, whose write transactions are serial) until
/// commit, so two transactions never read the same value, a rolled-back one gives its value back, and values commit
/// in order. Counters: <see cref="Outbox"/> (event ids) and one per day (<see cref="ForDay"/>).
/// </summary>
internal static class TicketCounters
{
    public const string Outbox = "outbox";

    private const string UpsertSql = """
        INSERT INTO ticket_counters (name, value) VALUES (@name, 1)
        ON CONFLICT (name) DO UPDATE SET value = ticket_counters.value + 1
        RETURNING value
        """;

    public static string ForDay(DateOnly day) => "day:" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The counter's next value (1 for a new counter). Needs an open transaction on <paramref name="db"/>.</summary>
    public static async Task<long> NextAsync(TicketsDbContext db, string name, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Ticket counters are only taken inside a transaction.");
        DbConnection connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        TicketSchema.AddParameter(command, "name", name);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
