using HotlineTelephony.CallCenter.Records;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HotlineTelephony.CallCenter.Tests.Records;

/// <summary>A SQLite database file of its own for one test, deleted afterwards. Retries in tests do not wait.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hotline-records-{Guid.NewGuid():N}.db");
    }

    public string Path { get; }

    public CallRecordsOptions Options(int batchSize = 256, int maxAttempts = 3, string mode = "ReadWriteCreate") => new()
    {
        ConnectionString = $"Data Source={Path};Mode={mode};Pooling=False",
        BatchSize = batchSize,
        MaxWriteAttempts = maxAttempts,
        FirstRetryDelay = TimeSpan.Zero,
        MaxRetryDelay = TimeSpan.Zero,
    };

    public CallRecordsDbContextFactory Factory(CallRecordsOptions? options = null, params IInterceptor[] interceptors) =>
        new(options ?? Options(), interceptors);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
        {
            File.Delete(Path + suffix);
        }
    }
}
