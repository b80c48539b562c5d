using Microsoft.Data.Sqlite;
using Npgsql;

namespace HotlineTelephony.Tickets.Tests.Support;

/// <summary>
/// One empty ticket database for one test: a temp SQLite file, or a new database in the PostgreSQL cluster named by
/// HOTLINE_TEST_POSTGRES (scripts/test.sh starts one). Without that variable PostgreSQL tests skip, unless
/// HOTLINE_REQUIRE_POSTGRES=1 (set by scripts/test.sh), where they fail.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "HOTLINE_TEST_POSTGRES";
    public const string RequirePostgresVariable = "HOTLINE_REQUIRE_POSTGRES";

    private readonly Func<Task> _drop;

    private TestDatabase(TicketDatabaseProvider provider, string connectionString, Func<Task> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
    }

    public TicketDatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Why a test on <paramref name="provider"/> cannot run here, or null when it can (or must).</summary>
    public static string? SkipReason(TicketDatabaseProvider provider) =>
        provider == TicketDatabaseProvider.PostgreSql
        && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable))
        && Environment.GetEnvironmentVariable(RequirePostgresVariable) != "1"
            ? $"PostgreSQL not available: set {PostgresVariable} to a connection string (scripts/postgres-test-cluster.sh start prints one); scripts/test.sh does."
            : null;

    public static Task<TestDatabase> CreateAsync(TicketDatabaseProvider provider) =>
        provider == TicketDatabaseProvider.PostgreSql ? CreatePostgresAsync() : Task.FromResult(CreateSqlite());

    public static TestDatabase CreateSqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), "hotline-tickets-tests-" + Guid.NewGuid().ToString("N") + ".db");
        return new TestDatabase(TicketDatabaseProvider.Sqlite, $"Data Source={path}", () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return Task.CompletedTask;
        });
    }

    public static async Task<TestDatabase> CreatePostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            // Reached only when required (ProviderFact skips otherwise): fail with what is missing.
            Assert.Fail($"{RequirePostgresVariable}=1 but {PostgresVariable} is not set: scripts/test.sh should have started a PostgreSQL cluster.");
        }

        var name = "hotline_t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(TicketDatabaseProvider.PostgreSql, builder.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public ValueTask DisposeAsync() => new(_drop());
}
