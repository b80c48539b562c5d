using System.Runtime.ExceptionServices;
using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Calls;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Callback tasks in the records database (table callback_tasks), so open ones are resumed after a restart. Writes are
/// retried like every records write; one that still fails is logged (7106) and thrown to the call grain, which logs it.
/// </summary>
public sealed class SqliteCallbackTaskStore : ICallbackTaskStore
{
    private readonly IDbContextFactory<CallRecordsDbContext> _factory;
    private readonly WriteRetry _retry;
    private readonly ILogger _logger;

    public SqliteCallbackTaskStore(IDbContextFactory<CallRecordsDbContext> factory, CallRecordsOptions options, ILogger<SqliteCallbackTaskStore> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        _factory = factory;
        _logger = logger;
        _retry = new WriteRetry(options, timeProvider ?? TimeProvider.System);
        CallRecordsDbContext.EnsureCreated(factory);
    }

    public async Task SaveAsync(StoredCallbackTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var (error, attempts) = await _retry.RunAsync(
            async token =>
            {
                await using var db = await _factory.CreateDbContextAsync(token).ConfigureAwait(false);
                var row = await db.CallbackTasks.FindAsync([task.Id], token).ConfigureAwait(false);
                if (row is null)
                {
                    row = new CallbackTaskRow
                    {
                        Id = task.Id,
                        OriginalCallId = task.Task.OriginalCallId,
                        QueueId = task.Task.QueueId,
                        CallerNumber = task.Task.CallerNumber,
                        DialledNumber = task.Task.DialledNumber,
                        Status = "",
                        CreatedAt = task.CreatedAt,
                    };
                    db.CallbackTasks.Add(row);
                }

                row.QueueId = task.Task.QueueId;
                row.Priority = task.Task.Priority;
                row.Place = task.Task.Place;
                row.MissedCall = task.Task.MissedCall;
                row.Attempts = task.Task.Attempts;
                row.NotBefore = task.Task.NotBefore;
                row.Status = task.Status.ToString().ToLowerInvariant();
                row.LastOutcome = task.LastOutcome;
                row.UpdatedAt = task.UpdatedAt;
                await db.SaveChangesAsync(token).ConfigureAwait(false);
            },
            (attempt, delay, ex) => RecordsLog.WriteRetrying(_logger, "callback_tasks", attempt, delay, ex),
            cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            RecordsLog.StoreWriteFailed(_logger, "callback_tasks", task.Id, attempts, error);
            ExceptionDispatchInfo.Throw(error);
        }
    }

    public async Task<StoredCallbackTask?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.CallbackTasks.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToTask(row);
    }

    public async Task<IReadOnlyList<StoredCallbackTask>> ListAsync(bool openOnly, CancellationToken cancellationToken = default)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.CallbackTasks.AsNoTracking()
            .Where(r => !openOnly || r.Status == "open")
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToTask)];
    }

    private static StoredCallbackTask ToTask(CallbackTaskRow row) => new(
        new CallbackTask(row.OriginalCallId, row.QueueId, row.CallerNumber, row.DialledNumber, row.Priority, row.Place, row.MissedCall, row.Attempts, row.NotBefore),
        Enum.Parse<CallbackTaskStatus>(row.Status, ignoreCase: true),
        row.LastOutcome,
        row.CreatedAt,
        row.UpdatedAt);
}
