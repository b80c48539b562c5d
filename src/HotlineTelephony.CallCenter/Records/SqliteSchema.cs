using Microsoft.EntityFrameworkCore;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Adds the tables of a context's model that an existing SQLite file lacks. Several contexts share the records
/// database (call records, the web side's users), and a newer version may bring new tables to a file an older one
/// made, where <c>EnsureCreated</c> does nothing because some tables exist. There are no migrations: a changed
/// column of an existing table still needs a new file (see <see cref="CallRecordsOptions"/>).
/// </summary>
public static class SqliteSchema
{
    /// <summary>
    /// Runs the statements of EF's create script that make a missing table or an index on one, each as
    /// <c>IF NOT EXISTS</c> (another process, or another context of this one, may be creating the same tables right
    /// now). Existing tables and their rows are left alone. Returns the tables it created.
    /// </summary>
    public static IReadOnlyList<string> CreateMissing(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            throw new InvalidOperationException($"{db.GetType().Name} is not on SQLite: {nameof(SqliteSchema)} reads sqlite_master.");
        }

        var existing = db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Where(t => !existing.Contains(t)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        // The create script is one statement per table or index.
        foreach (var statement in db.Database.GenerateCreateScript().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (missing.Any(table => Creates(statement, table)))
            {
                var idempotent = statement
                    .Replace("CREATE TABLE \"", "CREATE TABLE IF NOT EXISTS \"", StringComparison.OrdinalIgnoreCase)
                    .Replace("CREATE INDEX \"", "CREATE INDEX IF NOT EXISTS \"", StringComparison.OrdinalIgnoreCase)
                    .Replace("CREATE UNIQUE INDEX \"", "CREATE UNIQUE INDEX IF NOT EXISTS \"", StringComparison.OrdinalIgnoreCase);
                // ExecuteSqlRaw reads braces as format placeholders; the script's own braces (in defaults) are literal.
                db.Database.ExecuteSqlRaw(idempotent.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
            }
        }

        return missing;
    }

    private static bool Creates(string statement, string table) =>
        statement.StartsWith($"CREATE TABLE \"{table}\"", StringComparison.OrdinalIgnoreCase)
        || (statement.StartsWith("CREATE ", StringComparison.OrdinalIgnoreCase) && statement.Contains($" ON \"{table}\"", StringComparison.OrdinalIgnoreCase));
}
