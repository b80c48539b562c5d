using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Metrics;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.CallCenter.Tests.Metrics;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Tests.Records;

public sealed class SqliteAcdEventLogTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly CapturingLogger<SqliteAcdEventLog> _logger = new();

    public void Dispose() => _database.Dispose();

    private SqliteAcdEventLog Open(CallRecordsOptions? options = null, FailingInsertInterceptor? interceptor = null) =>
        interceptor is null
            ? new SqliteAcdEventLog(_database.Factory(options), options ?? _database.Options(), _logger)
            : new SqliteAcdEventLog(_database.Factory(options, interceptor), options ?? _database.Options(), _logger);

    private static AcdEvent Event(int i) =>
        new(EventScript.T(i).AddTicks(i), AcdEventKind.CallEnqueued, $"c{i}", "q1", null, i % 2 == 0 ? null : "reentry", i % 3);

    [Fact]
    public async Task AppendStampsConsecutiveSequenceNumbers()
    {
        await using var log = Open();

        var stamped = Enumerable.Range(1, 5).Select(i => log.Append(Event(i))).ToList();

        Assert.Equal([1L, 2, 3, 4, 5], stamped.Select(e => e.Sequence));
        Assert.Equal(5, log.LastSequence);
    }

    [Fact]
    public async Task ReadAsyncAfterAppendSeesEveryEventExactlyAsAppended()
    {
        await using var log = Open(_database.Options(batchSize: 64));
        var appended = Enumerable.Range(1, 1000).Select(i => log.Append(Event(i))).ToList();

        var read = await log.ReadAsync();

        Assert.Equal(appended, read);
        Assert.Equal(1000, log.WrittenEvents);
        Assert.Equal(0, log.FailedEvents);
    }

    [Fact]
    public async Task ReadAsyncReturnsOnlyEventsAfterTheGivenSequence()
    {
        await using var log = Open();
        for (var i = 1; i <= 10; i++)
        {
            log.Append(Event(i));
        }

        var read = await log.ReadAsync(afterSequence: 7);

        Assert.Equal([8L, 9, 10], read.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AppendsFromManyThreadsAreAllStoredInSequenceOrder()
    {
        await using var log = Open(_database.Options(batchSize: 50));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                log.Append(Event((t * 1000) + i));
            }
        })));
        var read = await log.ReadAsync();

        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), read.Select(e => e.Sequence));
    }

    [Fact]
    public async Task SequenceContinuesFromTheHighestStoredAfterRestart()
    {
        await using (var first = Open())
        {
            for (var i = 1; i <= 3; i++)
            {
                first.Append(Event(i));
            }
        }

        await using var second = Open();
        var next = second.Append(Event(4));
        var read = await second.ReadAsync();

        Assert.Equal(4, next.Sequence);
        Assert.Equal([1L, 2, 3, 4], read.Select(e => e.Sequence));
        Assert.Contains(_logger.Entries, e => e.EventId.Id == 7104 && e.Message.Contains("after 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedWriteIsRetriedUntilItSucceeds()
    {
        var interceptor = new FailingInsertInterceptor(failures: 2);
        await using var log = Open(interceptor: interceptor);
        using var retries = new CounterReader(log.Instruments.Meter, "hotline.records.write_retries");

        log.Append(Event(1));
        var read = await log.ReadAsync();

        Assert.Single(read);
        Assert.Equal(2, interceptor.Failures);
        Assert.Equal(2, log.Retries);
        Assert.Equal(2, retries.Total);
        Assert.Equal(0, log.FailedEvents);
        Assert.Equal(2, _logger.Entries.Count(e => e.EventId.Id == 7101 && e.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task WriteThatKeepsFailingIsLoggedAndCountedNotSwallowed()
    {
        var interceptor = new FailingInsertInterceptor();
        await using var log = Open(_database.Options(maxAttempts: 3), interceptor);
        using var failures = new CounterReader(log.Instruments.Meter, "hotline.records.write_failures");

        log.Append(Event(1));
        log.Append(Event(2));
        var read = await log.ReadAsync();

        Assert.Empty(read);
        Assert.Equal(2, log.FailedEvents);
        Assert.Equal(2, failures.Total);
        Assert.Equal(3, interceptor.Failures);
        var error = Assert.Single(_logger.Entries, e => e.EventId.Id == 7102);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("2 ACD events (sequence 1–2) after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Exception);
    }

    [Fact]
    public async Task AppendAfterDisposeThrows()
    {
        var log = Open();
        await log.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => log.Append(Event(1)));
    }

    [Fact]
    public async Task ReplayOfThePersistedLogEqualsTheLiveFold()
    {
        var queues = new Dictionary<string, QueueDefinition> { ["q1"] = new() { Id = "q1" }, ["q2"] = new() { Id = "q2" } };
        var live = new MetricsFold(queues);
        await using (var log = Open(_database.Options(batchSize: 100)))
        {
            foreach (var evt in new RandomCallCentre(seed: 7).Run(calls: 600))
            {
                live.Apply(log.Append(evt));
            }
        }

        await using var reopened = Open();
        var now = (await reopened.ReadAsync(afterSequence: reopened.LastSequence - 1))[0].At;
        var offline = await MetricsFold.ReplayAsync(reopened, queues, MetricsWindow.Unbounded, now);

        Assert.Empty(offline.Differences(live.Snapshot(now)));
        Assert.Equal(live.Snapshot(now).Queues["q1"], offline.Queues["q1"]);
        Assert.Equal(live.LastSequence, offline.LastSequence);
    }

    [Fact]
    public async Task RetriesWaitTheBackOffOnTheInjectedClock()
    {
        var time = new TimerCountingTimeProvider();
        var options = _database.Options();
        options.FirstRetryDelay = TimeSpan.FromSeconds(1);
        options.MaxRetryDelay = TimeSpan.FromSeconds(4);
        var interceptor = new FailingInsertInterceptor(failures: 2);
        await using var log = new SqliteAcdEventLog(_database.Factory(options, interceptor), options, _logger, time);

        try
        {
            await RetryOnFakeClock(log, time);
        }
        finally
        {
            // A failed assertion must not leave the writer (and DisposeAsync) waiting on the fake clock.
            time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private async Task RetryOnFakeClock(SqliteAcdEventLog log, TimerCountingTimeProvider time)
    {
        log.Append(Event(1));
        Assert.True(SpinWait.SpinUntil(() => time.TimersCreated == 1, TimeSpan.FromSeconds(10)));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, log.Retries);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(SpinWait.SpinUntil(() => time.TimersCreated == 2, TimeSpan.FromSeconds(10)));
        Assert.Equal(2, log.Retries);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, log.WrittenEvents);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(await log.ReadAsync());
        Assert.Contains(_logger.Entries, e => e.EventId.Id == 7101 && e.Message.Contains("retrying in 00:00:02", StringComparison.Ordinal));
    }

    /// <summary>Fake time that tells when a delay has started, so the test advances only past a registered timer.</summary>
    private sealed class TimerCountingTimeProvider : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        private int _timersCreated;

        public int TimersCreated => Volatile.Read(ref _timersCreated);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timersCreated);
            return timer;
        }
    }
}
