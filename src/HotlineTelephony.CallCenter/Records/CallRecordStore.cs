using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// <see cref="ICallRecordStore"/> over EF Core (SQLite by default). A save is one transaction that deletes the call's
/// previous rows and inserts the new ones, so it is idempotent by call id. Failed saves are retried with back-off,
/// then logged (event 7103), counted (<see cref="FailedSaves"/>, <c>hotline.records.write_failures</c>) and thrown.
/// Reads are not retried: their errors go straight to the caller.
/// </summary>
public sealed class CallRecordStore : ICallRecordStore, IDisposable
{
    private const string StoreName = "call_records";

    private readonly IDbContextFactory<CallRecordsDbContext> _contextFactory;
    private readonly CallRecordsOptions _options;
    private readonly ILogger _logger;
    private readonly WriteRetry _retry;
    private readonly RecordsInstruments _instruments;
    private SqliteRowInserter? _recordRows;
    private SqliteRowInserter? _eventRows;
    private SqliteRowInserter? _legRows;
    private long _savedRecords;
    private long _failedSaves;
    private long _retries;

    public CallRecordStore(
        IDbContextFactory<CallRecordsDbContext> contextFactory,
        CallRecordsOptions options,
        ILogger<CallRecordStore> logger,
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
        CallRecordsDbContext.EnsureCreated(contextFactory);
    }

    public long SavedRecords => Interlocked.Read(ref _savedRecords);

    /// <summary>Saves given up after every retry (each also logged and thrown to its caller).</summary>
    public long FailedSaves => Interlocked.Read(ref _failedSaves);

    public long Retries => Interlocked.Read(ref _retries);

    public RecordsInstruments Instruments => _instruments;

    public async Task SaveAsync(CallRecord record, CancellationToken cancellationToken = default)
    {
        Validate(record);
        var callId = record.CallId;
        var (error, attempts) = await ReplaceAsync([record], cancellationToken).ConfigureAwait(false);

        if (error is null)
        {
            Interlocked.Increment(ref _savedRecords);
            _instruments.AddWritten(1);
            return;
        }

        Interlocked.Increment(ref _failedSaves);
        _instruments.AddFailures(1);
        RecordsLog.CallRecordSaveFailed(_logger, callId, attempts, error);
        ExceptionDispatchInfo.Throw(error);
    }

    public async Task<IReadOnlyList<string>> SaveManyAsync(IReadOnlyList<CallRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var failed = new List<string>();

        // Later saves of one call replace earlier ones, exactly as separate saves in that order would.
        var latest = new Dictionary<string, CallRecord>(records.Count, StringComparer.Ordinal);
        foreach (var record in records)
        {
            try
            {
                Validate(record);
                latest[record.CallId] = record;
            }
            catch (ArgumentException e)
            {
                Interlocked.Increment(ref _failedSaves);
                _instruments.AddFailures(1);
                RecordsLog.CallRecordSaveFailed(_logger, record?.CallId ?? "(none)", 0, e);
                failed.Add(record?.CallId ?? "");
            }
        }

        if (latest.Count == 0)
        {
            return failed;
        }

        var (error, _) = await ReplaceAsync(latest.Values, cancellationToken).ConfigureAwait(false);

        if (error is null)
        {
            Interlocked.Add(ref _savedRecords, latest.Count);
            _instruments.AddWritten(latest.Count);
            return failed;
        }

        // The batch failed as a whole: save the records one by one, so that one bad record cannot take the others
        // with it. Each of those saves retries, logs and counts on its own.
        foreach (var record in latest.Values)
        {
            try
            {
                await SaveAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed.Add(record.CallId);
            }
        }

        return failed;
    }

    /// <summary>
    /// One transaction that deletes the records' previous rows and inserts them anew, retried with back-off; null when
    /// it committed, else the last error.
    /// </summary>
    private Task<(Exception? Error, int Attempts)> ReplaceAsync(IReadOnlyCollection<CallRecord> records, CancellationToken cancellationToken)
    {
        var callIds = records.Select(r => r.CallId).ToArray();
        return _retry.RunAsync(
            async token =>
            {
                // Fresh copies per attempt: nothing of a failed attempt is reused.
                await using var db = await _contextFactory.CreateDbContextAsync(token).ConfigureAwait(false);
                await using var transaction = await db.Database.BeginTransactionAsync(token).ConfigureAwait(false);
                await db.CallRecordEvents.Where(e => callIds.Contains(e.CallId)).ExecuteDeleteAsync(token).ConfigureAwait(false);
                await db.CallLegQualities.Where(l => callIds.Contains(l.CallId)).ExecuteDeleteAsync(token).ConfigureAwait(false);
                await db.CallRecords.Where(r => callIds.Contains(r.CallId)).ExecuteDeleteAsync(token).ConfigureAwait(false);
                await InsertAsync(db, [.. records.Select(r => r.CopyForSave())], token).ConfigureAwait(false);
                await transaction.CommitAsync(token).ConfigureAwait(false);
            },
            (attempt, delay, ex) =>
            {
                Interlocked.Increment(ref _retries);
                _instruments.AddRetry();
                RecordsLog.WriteRetrying(_logger, StoreName, attempt, delay, ex);
            },
            cancellationToken);
    }

    /// <summary>The records' rows (record, steps, legs) inside the context's transaction.</summary>
    private async Task InsertAsync(CallRecordsDbContext db, IReadOnlyList<CallRecord> records, CancellationToken cancellationToken)
    {
        _recordRows ??= new SqliteRowInserter(db, typeof(CallRecord));
        _eventRows ??= new SqliteRowInserter(db, typeof(CallRecordEvent));
        _legRows ??= new SqliteRowInserter(db, typeof(CallLegQuality));
        await _recordRows.InsertAsync(db, records, cancellationToken).ConfigureAwait(false);
        await _eventRows.InsertAsync(db, records.SelectMany(r => r.Events), cancellationToken).ConfigureAwait(false);
        await _legRows.InsertAsync(db, records.SelectMany(r => r.Legs), cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.CallId);
        var legs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var leg in record.Legs)
        {
            if (!legs.Add(leg.Leg))
            {
                throw new ArgumentException($"Call record {record.CallId} names a leg twice.", nameof(record));
            }
        }
    }

    public async Task<CallRecord?> GetAsync(string callId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.CallRecords.AsNoTracking()
            .Include(r => r.Legs.OrderBy(l => l.Leg))
            .Include(r => r.Events.OrderBy(e => e.Ordinal))
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.CallId == callId, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CallRecord>> ListAsync(
        DateTimeOffset from,
        DateTimeOffset to,
        int skip = 0,
        int take = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        take = Math.Min(take, _options.MaxPageSize);
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.CallRecords.AsNoTracking()
            .Where(r => r.ArrivedAt >= from && r.ArrivedAt < to)
            .OrderBy(r => r.ArrivedAt).ThenBy(r => r.CallId)
            .Skip(skip).Take(take)
            .Include(r => r.Legs.OrderBy(l => l.Leg))
            .Include(r => r.Events.OrderBy(e => e.Ordinal))
            .AsSplitQuery()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
    }

    public void Dispose() => _instruments.Dispose();
}
