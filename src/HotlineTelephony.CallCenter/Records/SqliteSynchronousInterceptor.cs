using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Sets SQLite's <c>PRAGMA synchronous</c> on every connection the records database opens (the setting belongs to the
/// connection, and pooled connections are reopened per context). In WAL mode, NORMAL skips the fsync of each commit:
/// a commit survives a crash of the process, and the database stays consistent after a power cut, which can take back
/// the last commits before it. FULL syncs every commit.
/// </summary>
public sealed class SqliteSynchronousInterceptor : DbConnectionInterceptor
{
    private readonly string _pragma;

    public SqliteSynchronousInterceptor(string level) => _pragma = $"PRAGMA synchronous={level};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}
