using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.CallCenter.Tests.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Tests.Records;

public sealed class CallRecordStoreTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly CapturingLogger<CallRecordStore> _logger = new();

    public void Dispose() => _database.Dispose();

    private CallRecordStore Open(CallRecordsOptions? options = null, FailingInsertInterceptor? interceptor = null) =>
        interceptor is null
            ? new CallRecordStore(_database.Factory(options), options ?? _database.Options(), _logger)
            : new CallRecordStore(_database.Factory(options, interceptor), options ?? _database.Options(), _logger);

    internal static CallRecord Record(string callId, double arrivedSeconds = 0) => new()
    {
        CallId = callId,
        CallerNumber = "13800138000",
        DialledNumber = "12345",
        Trunk = "carrier-a",
        ArrivedAt = EventScript.T(arrivedSeconds).AddTicks(7),
        QueueId = "q1",
        QueuedAt = EventScript.T(arrivedSeconds + 1),
        AnsweredAt = EventScript.T(arrivedSeconds + 9),
        AgentId = "a1",
        EndedAt = EventScript.T(arrivedSeconds + 190),
        Disposition = "completed",
        RecordingPath = $"recordings/{callId}.wav",
        RecordingDuration = TimeSpan.FromTicks(1_810_000_123),
        Parties = ["13800138000", "a1", "110"],
        IncidentReference110 = "JJ-2026-000123",
        TicketId = null,
        Legs =
        [
            new CallLegQuality { Leg = "caller", Packets = 9000, Lost = 12, JitterMs = 3.25 },
            new CallLegQuality { Leg = "agent", Packets = 9010, Lost = 0, JitterMs = 0.5 },
        ],
        Events =
        [
            new CallRecordEvent { At = EventScript.T(arrivedSeconds + 2), Kind = CallRecordEventKind.Offered, Party = "a1" },
            new CallRecordEvent { At = EventScript.T(arrivedSeconds + 9), Kind = CallRecordEventKind.Answered, Party = "a1" },
            new CallRecordEvent { At = EventScript.T(arrivedSeconds + 60), Kind = CallRecordEventKind.Held, Party = "a1" },
            new CallRecordEvent { At = EventScript.T(arrivedSeconds + 70), Kind = CallRecordEventKind.Resumed, Party = "a1" },
            new CallRecordEvent { At = EventScript.T(arrivedSeconds + 80), Kind = CallRecordEventKind.EmergencyTransferStarted, Party = "110", Detail = "stay-on" },
            new CallRecordEvent { At = EventScript.T(arrivedSeconds + 84), Kind = CallRecordEventKind.ThirdPartyJoined, Party = "110" },
            new CallRecordEvent { At = EventScript.T(arrivedSeconds + 150), Kind = CallRecordEventKind.ThirdPartyLeft, Party = "110" },
        ],
    };

    [Fact]
    public async Task SavedRecordComesBackWithItsStepsInOrderAndItsLegs()
    {
        using var store = Open();
        var record = Record("call-1");

        await store.SaveAsync(record);
        var read = await store.GetAsync("call-1");

        Assert.NotNull(read);
        Assert.Equal(record.ArrivedAt, read.ArrivedAt);
        Assert.Equal(record.ArrivedAt.UtcTicks, read.ArrivedAt.UtcTicks);
        Assert.Equal(record.RecordingDuration, read.RecordingDuration);
        Assert.Equal(record.Parties, read.Parties);
        Assert.Equal("JJ-2026-000123", read.IncidentReference110);
        Assert.Null(read.TicketId);
        Assert.Equal(record.Events.Select(e => (e.Kind, e.At, e.Party, e.Detail)), read.Events.Select(e => (e.Kind, e.At, e.Party, e.Detail)));
        Assert.Equal(["agent", "caller"], read.Legs.Select(l => l.Leg));
        Assert.Equal((9000L, 12L, 3.25), read.Legs.Single(l => l.Leg == "caller") is var c ? (c.Packets, c.Lost, c.JitterMs) : default);
        Assert.Null(await store.GetAsync("no-such-call"));
    }

    [Fact]
    public async Task SavingTheSameCallAgainUpdatesItAndNeverDuplicatesRows()
    {
        using var store = Open();
        var record = Record("call-1");
        await store.SaveAsync(record);

        record.TicketId = "GD-20261123-0001";
        record.Events.RemoveAt(0);
        record.Events.Add(new CallRecordEvent { At = EventScript.T(191), Kind = CallRecordEventKind.Ended, Detail = "completed" });
        record.Legs.RemoveAt(1);
        await store.SaveAsync(record);
        await store.SaveAsync(record);

        var read = await store.GetAsync("call-1");
        Assert.Equal("GD-20261123-0001", read!.TicketId);
        Assert.Equal(7, read.Events.Count);
        Assert.Equal(CallRecordEventKind.Answered, read.Events[0].Kind);
        Assert.Equal(CallRecordEventKind.Ended, read.Events[^1].Kind);
        Assert.Equal(["caller"], read.Legs.Select(l => l.Leg));
        await using var db = _database.Factory().CreateDbContext();
        Assert.Equal(1, await db.CallRecords.CountAsync());
        Assert.Equal(7, await db.CallRecordEvents.CountAsync());
        Assert.Equal(1, await db.CallLegQualities.CountAsync());
        Assert.Equal(3, store.SavedRecords);
    }

    [Fact]
    public async Task ListReturnsCallsThatArrivedInTheWindowPageByPage()
    {
        using var store = Open();
        for (var i = 0; i < 10; i++)
        {
            await store.SaveAsync(Record($"call-{i}", arrivedSeconds: i * 60));
        }

        var firstPage = await store.ListAsync(EventScript.T(60), EventScript.T(8 * 60), skip: 0, take: 4);
        var secondPage = await store.ListAsync(EventScript.T(60), EventScript.T(8 * 60), skip: 4, take: 4);

        Assert.Equal(["call-1", "call-2", "call-3", "call-4"], firstPage.Select(r => r.CallId));
        Assert.Equal(["call-5", "call-6", "call-7"], secondPage.Select(r => r.CallId));
        Assert.All(firstPage, r => Assert.Equal(7, r.Events.Count));
    }

    [Fact]
    public async Task FailedSaveIsRetriedUntilItSucceeds()
    {
        var interceptor = new FailingInsertInterceptor(failures: 2);
        using var store = Open(interceptor: interceptor);

        await store.SaveAsync(Record("call-1"));

        Assert.NotNull(await store.GetAsync("call-1"));
        Assert.Equal(2, store.Retries);
        Assert.Equal(0, store.FailedSaves);
    }

    [Fact]
    public async Task SaveThatKeepsFailingIsLoggedCountedAndThrown()
    {
        var interceptor = new FailingInsertInterceptor();
        using var store = Open(_database.Options(maxAttempts: 4), interceptor);
        using var failures = new CounterReader(store.Instruments.Meter, "hotline.records.write_failures");

        // The database's own error reaches the caller (rows are written as plain INSERTs, not through SaveChanges).
        var error = await Assert.ThrowsAsync<SqliteException>(() => store.SaveAsync(Record("call-1")));

        Assert.Equal(8, error.SqliteErrorCode);
        Assert.Equal(4, interceptor.Failures);
        Assert.Equal(1, store.FailedSaves);
        Assert.Equal(1, failures.Total);
        var logged = Assert.Single(_logger.Entries, e => e.EventId.Id == 7103);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("call-1", logged.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync("call-1"));
    }

    [Fact]
    public async Task SaveToAReadOnlyDatabaseIsRetriedThenSurfaced()
    {
        using (Open())
        {
            // Creates the database file.
        }

        var readOnly = _database.Options(maxAttempts: 2, mode: "ReadOnly");
        using var store = Open(readOnly);

        await Assert.ThrowsAsync<SqliteException>(() => store.SaveAsync(Record("call-1")));

        Assert.Equal(1, store.Retries);
        Assert.Equal(1, store.FailedSaves);
        Assert.Single(_logger.Entries, e => e.EventId.Id == 7103);
    }

    [Fact]
    public async Task WriterSavesQueuedRecordsInTheBackgroundAndDrainsOnStop()
    {
        using var store = Open();
        var writer = new CallRecordWriter(store, new CapturingLogger<CallRecordWriter>());
        await writer.StartAsync(CancellationToken.None);
        var record = Record("call-1");

        Assert.True(writer.Enqueue(record));
        record.TicketId = "changed after enqueue";
        Assert.True(writer.Enqueue(Record("call-2")));
        await writer.FlushAsync();
        Assert.Null((await store.GetAsync("call-1"))!.TicketId);

        Assert.True(writer.Enqueue(Record("call-3")));
        await writer.StopAsync(CancellationToken.None);

        Assert.NotNull(await store.GetAsync("call-3"));
        Assert.False(writer.Enqueue(Record("call-4")));
        Assert.Equal(0, writer.FailedSaves);
        writer.Dispose();
    }

    [Fact]
    public async Task SaveManyKeepsTheLaterRecordOfACallSavedTwiceInOneBatch()
    {
        using var store = Open();
        var first = Record("call-1");
        var later = Record("call-1");
        later.Disposition = "abandoned";

        var failed = await store.SaveManyAsync([first, Record("call-2"), later]);

        Assert.Empty(failed);
        Assert.Equal("abandoned", (await store.GetAsync("call-1"))!.Disposition);
        Assert.NotNull(await store.GetAsync("call-2"));
        Assert.Equal(2, store.SavedRecords);
    }

    [Fact]
    public async Task ABatchTheDatabaseRefusesIsSavedRecordByRecordSoOneFailureLosesNoOtherRecord()
    {
        // The batch's insert fails, then the first record's own insert: only that record is lost, and reported.
        using var store = Open(_database.Options(maxAttempts: 1), new FailingInsertInterceptor(failures: 2));

        var failed = await store.SaveManyAsync([Record("call-1"), Record("call-2"), Record("call-3")]);

        Assert.Equal(["call-1"], failed);
        Assert.Null(await store.GetAsync("call-1"));
        Assert.NotNull(await store.GetAsync("call-2"));
        Assert.NotNull(await store.GetAsync("call-3"));
        Assert.Equal(1, store.FailedSaves);
    }

    [Fact]
    public async Task WriterCountsSavesTheStoreGaveUpOn()
    {
        using var store = Open(_database.Options(maxAttempts: 1), new FailingInsertInterceptor());
        var writerLogger = new CapturingLogger<CallRecordWriter>();
        var writer = new CallRecordWriter(store, writerLogger);
        await writer.StartAsync(CancellationToken.None);

        writer.Enqueue(Record("call-1"));
        writer.Enqueue(Record("call-2"));
        await writer.FlushAsync();

        Assert.Equal(2, writer.FailedSaves);
        Assert.Equal(2, store.FailedSaves);
        Assert.Equal(2, writerLogger.Entries.Count(e => e.EventId.Id == 7105));
        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
    }

    [Fact]
    public async Task EventLogAndCallRecordsShareOneDatabaseFile()
    {
        await using (var log = new SqliteAcdEventLog(_database.Factory(), _database.Options(), new CapturingLogger<SqliteAcdEventLog>()))
        {
            log.Append(new HotlineTelephony.CallCenter.Acd.AcdEvent(EventScript.T(0), HotlineTelephony.CallCenter.Acd.AcdEventKind.CallArrived, "call-1"));
        }

        using var store = Open();
        await store.SaveAsync(Record("call-1"));

        Assert.NotNull(await store.GetAsync("call-1"));
    }

    [Fact]
    public void TimesAreStoredAsIntegerUtcTicksSoSqlCanCompareThem()
    {
        using var db = _database.Factory().CreateDbContext();

        var script = db.Database.GenerateCreateScript();

        Assert.Contains("\"ArrivedAt\" INTEGER NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("\"AnsweredAt\" INTEGER NULL", script, StringComparison.Ordinal);
        Assert.Contains("\"RecordingDuration\" INTEGER NULL", script, StringComparison.Ordinal);
        Assert.Contains("\"At\" INTEGER NOT NULL", script, StringComparison.Ordinal);
    }
}
