using System.Runtime.ExceptionServices;
using HotlineTelephony.CallCenter.VoiceMessages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Voice messages in the records database (table voice_messages). Writes are retried like every records write; one
/// that still fails is logged (7106) and thrown.
/// </summary>
public sealed class SqliteVoiceMessageStore : IVoiceMessageStore
{
    private readonly IDbContextFactory<CallRecordsDbContext> _factory;
    private readonly WriteRetry _retry;
    private readonly ILogger _logger;

    public SqliteVoiceMessageStore(IDbContextFactory<CallRecordsDbContext> factory, CallRecordsOptions options, ILogger<SqliteVoiceMessageStore> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        _factory = factory;
        _logger = logger;
        _retry = new WriteRetry(options, timeProvider ?? TimeProvider.System);
        CallRecordsDbContext.EnsureCreated(factory);
    }

    public Task AddAsync(VoiceMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WriteAsync(message.CallId, async (db, token) =>
        {
            await db.VoiceMessages.Where(r => r.CallId == message.CallId).ExecuteDeleteAsync(token).ConfigureAwait(false);
            db.VoiceMessages.Add(new VoiceMessageRow
            {
                CallId = message.CallId,
                QueueId = message.QueueId,
                CallerNumber = message.CallerNumber,
                RecordingPath = message.RecordingPath,
                LeftAt = message.LeftAt,
                HandledAt = message.HandledAt,
                HandledBy = message.HandledBy,
            });
            await db.SaveChangesAsync(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<VoiceMessage>> ListAsync(bool pendingOnly, CancellationToken cancellationToken = default)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.VoiceMessages.AsNoTracking()
            .Where(r => !pendingOnly || r.HandledAt == null)
            .OrderByDescending(r => r.LeftAt).ThenBy(r => r.CallId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new VoiceMessage(r.CallId, r.QueueId, r.CallerNumber, r.RecordingPath, r.LeftAt, r.HandledAt, r.HandledBy))];
    }

    public Task<bool> MarkHandledAsync(string callId, string handledBy, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(callId, async (db, token) =>
            await db.VoiceMessages.Where(r => r.CallId == callId && r.HandledAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.HandledAt, at).SetProperty(r => r.HandledBy, handledBy), token)
                .ConfigureAwait(false) == 1,
            cancellationToken);

    private async Task<bool> WriteAsync(string callId, Func<CallRecordsDbContext, CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        var result = false;
        var (error, attempts) = await _retry.RunAsync(
            async token =>
            {
                await using var db = await _factory.CreateDbContextAsync(token).ConfigureAwait(false);
                await using var transaction = await db.Database.BeginTransactionAsync(token).ConfigureAwait(false);
                result = await write(db, token).ConfigureAwait(false);
                await transaction.CommitAsync(token).ConfigureAwait(false);
            },
            (attempt, delay, ex) => RecordsLog.WriteRetrying(_logger, "voice_messages", attempt, delay, ex),
            cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            RecordsLog.StoreWriteFailed(_logger, "voice_messages", callId, attempts, error);
            ExceptionDispatchInfo.Throw(error);
        }

        return result;
    }
}
