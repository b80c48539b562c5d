using System.Diagnostics.Metrics;
using System.Threading.Channels;
using HotlineTelephony.CallCenter.Acd;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// The persisted ACD event log (EF Core, SQLite by default). <see cref="Append"/> stamps the next sequence number and
/// queues the event for one background writer, which writes whatever has queued up (at most
/// <see cref="CallRecordsOptions.BatchSize"/>) in one transaction. A failed batch is retried with back-off; a batch
/// that still fails is logged (event 7102) and counted in <see cref="FailedEvents"/> and the
/// <c>hotline.records.write_failures</c> counter. The sequence continues from the highest stored one after a restart.
/// </summary>
public sealed class SqliteAcdEventLog : IAcdEventLog, IAsyncDisposable
{
    private const string StoreName = "acd_events";

    private readonly IDbContextFactory<CallRecordsDbContext> _contextFactory;
    private readonly CallRecordsOptions _options;
    private readonly ILogger _logger;
    private readonly WriteRetry _retry;
    private readonly RecordsInstruments _instruments;
    private readonly Channel<PendingWrite> _pending;
    private readonly Lock _appendLock = new();
    private readonly Task _writer;
    private SqliteRowInserter? _rows;
    private long _sequence;
    private long _writtenEvents;
    private long _failedEvents;
    private long _retries;

    public SqliteAcdEventLog(
        IDbContextFactory<CallRecordsDbContext> contextFactory,
        CallRecordsOptions options,
        ILogger<SqliteAcdEventLog> logger,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _contextFactory = contextFactory;
        _options = options;
        _logger = logger;
        _retry = new WriteRetry(options, timeProvider ?? TimeProvider.System);
        _instruments = new RecordsInstruments(StoreName, meterFactory);

        // Start-up only: the sequence must be known before the first Append, which cannot wait.
        CallRecordsDbContext.EnsureCreated(contextFactory);
        using (var db = contextFactory.CreateDbContext())
        {
            _sequence = db.AcdEvents.Max(e => (long?)e.Sequence) ?? 0;
        }

        RecordsLog.EventLogOpened(_logger, _sequence);
        _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The last sequence number given out.</summary>
    public long LastSequence => Interlocked.Read(ref _sequence);

    public long WrittenEvents => Interlocked.Read(ref _writtenEvents);

    /// <summary>Events given up after every retry: they are not in the database. Anything but 0 needs attention.</summary>
    public long FailedEvents => Interlocked.Read(ref _failedEvents);

    /// <summary>Events appended but not yet written or given up (a pending ReadAsync flush counts as one).</summary>
    public int PendingEvents => _pending.Reader.Count;

    /// <summary>Failed write attempts that were retried.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public RecordsInstruments Instruments => _instruments;

    public AcdEvent Append(AcdEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);

        // The lock keeps channel order equal to sequence order, which the flush marker of ReadAsync relies on.
        lock (_appendLock)
        {
            var stamped = evt with { Sequence = _sequence + 1 };
            if (!_pending.Writer.TryWrite(new PendingWrite(stamped, null)))
            {
                throw new ObjectDisposedException(nameof(SqliteAcdEventLog));
            }

            Interlocked.Exchange(ref _sequence, stamped.Sequence);
            return stamped;
        }
    }

    public async ValueTask<IReadOnlyList<AcdEvent>> ReadAsync(long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.AcdEvents.AsNoTracking()
            .Where(e => e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.ConvertAll(r => r.ToEvent());
    }

    /// <summary>Completes when every event appended before the call has been written or given up.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_appendLock)
        {
            if (!_pending.Writer.TryWrite(new PendingWrite(null, done)))
            {
                throw new ObjectDisposedException(nameof(SqliteAcdEventLog));
            }
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes everything pending, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_appendLock)
        {
            _pending.Writer.TryComplete();
        }

        await _writer.ConfigureAwait(false);
        _instruments.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<AcdEvent>(_options.BatchSize);
        var flushes = new List<TaskCompletionSource>();
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _options.BatchSize && reader.TryRead(out var item))
            {
                if (item.Event is { } evt)
                {
                    batch.Add(evt);
                }
                else
                {
                    flushes.Add(item.Flushed!);
                }
            }

            if (batch.Count > 0)
            {
                try
                {
                    await WriteBatchAsync(batch).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Only a fault outside the database write itself gets here; the loop must live on for the flushes.
                    GiveUp(batch, 0, ex);
                }

                batch.Clear();
            }

            foreach (var flushed in flushes)
            {
                flushed.TrySetResult();
            }

            flushes.Clear();
        }
    }

    private async Task WriteBatchAsync(List<AcdEvent> batch)
    {
        var (error, attempts) = await _retry.RunAsync(
            async cancellationToken =>
            {
                await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                _rows ??= new SqliteRowInserter(db, typeof(AcdEventRow));
                await _rows.InsertAsync(db, batch.Select(AcdEventRow.From), cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            },
            (attempt, delay, ex) =>
            {
                Interlocked.Increment(ref _retries);
                _instruments.AddRetry();
                RecordsLog.WriteRetrying(_logger, StoreName, attempt, delay, ex);
            },
            CancellationToken.None).ConfigureAwait(false);

        if (error is null)
        {
            Interlocked.Add(ref _writtenEvents, batch.Count);
            _instruments.AddWritten(batch.Count);
            return;
        }

        GiveUp(batch, attempts, error);
    }

    private void GiveUp(List<AcdEvent> batch, int attempts, Exception error)
    {
        Interlocked.Add(ref _failedEvents, batch.Count);
        _instruments.AddFailures(batch.Count);
        RecordsLog.EventBatchFailed(_logger, batch.Count, batch[0].Sequence, batch[^1].Sequence, attempts, error);
    }

    private readonly record struct PendingWrite(AcdEvent? Event, TaskCompletionSource? Flushed);
}
