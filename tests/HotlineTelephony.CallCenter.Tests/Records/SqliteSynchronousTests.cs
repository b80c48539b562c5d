using HotlineTelephony.CallCenter.Records;
using Microsoft.EntityFrameworkCore;

namespace HotlineTelephony.CallCenter.Tests.Records;

public sealed class SqliteSynchronousTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(null, 1L)] // the default: NORMAL
    [InlineData("normal", 1L)]
    [InlineData("FULL", 2L)]
    public void EveryRecordsConnectionRunsWithTheConfiguredSynchronousLevel(string? level, long expected)
    {
        var options = _database.Options();
        if (level is not null)
        {
            options.Synchronous = level;
        }

        var factory = _database.Factory(options);
        CallRecordsDbContext.EnsureCreated(factory);

        // Two contexts, two opens: the level is set on each connection, not once per process.
        for (int i = 0; i < 2; i++)
        {
            using var db = factory.CreateDbContext();
            db.Database.OpenConnection();
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            Assert.Equal(expected, Convert.ToInt64(command.ExecuteScalar()));
        }
    }
}
