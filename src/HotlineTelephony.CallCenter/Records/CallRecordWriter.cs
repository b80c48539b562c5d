using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Saves call records off the call's path: <see cref="Enqueue"/> never waits, one background loop saves in order
/// through the <see cref="ICallRecordStore"/> (which retries, logs and counts failures). Stopping the host saves what
/// is queued before returning.
/// </summary>
public sealed class CallRecordWriter(ICallRecordStore store, ILogger<CallRecordWriter> logger) : BackgroundService
{
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private const int MaxBatch = 256;

    private long _failedSaves;

    /// <summary>Records whose save threw (already logged and counted by the store).</summary>
    public long FailedSaves => Interlocked.Read(ref _failedSaves);

    /// <summary>Queues <paramref name="record"/> for saving; false once the writer has stopped.</summary>
    public bool Enqueue(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        // The caller may keep changing its record object; the queued copy is the state at this call.
        return _pending.Writer.TryWrite(new Pending(record.CopyForSave(), null));
    }

    /// <summary>Completes when every record queued before the call has been saved or given up.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _pending.Writer.TryWrite(new Pending(null, done)) ? done.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stoppingToken: StopAsync completes the channel so that what is queued is saved before the loop ends.
        // Whatever has queued up while the last batch was written goes into the next one: one transaction per batch
        // keeps up with thousands of calls ending per second, and costs nothing extra when calls end one at a time.
        var batch = new List<CallRecord>(MaxBatch);
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                if (item.Flushed is { } flushed)
                {
                    await SaveAsync(batch).ConfigureAwait(false);
                    flushed.TrySetResult();
                    continue;
                }

                batch.Add(item.Record!);
            }

            await SaveAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task SaveAsync(List<CallRecord> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            // The store logs and counts each record it gives up on.
            var failed = await store.SaveManyAsync(batch, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Add(ref _failedSaves, failed.Count);
            foreach (var callId in failed)
            {
                RecordsLog.WriterSaveFailed(logger, callId, null);
            }
        }
        catch (Exception ex)
        {
            Interlocked.Add(ref _failedSaves, batch.Count);
            foreach (var record in batch)
            {
                RecordsLog.WriterSaveFailed(logger, record.CallId, ex);
            }
        }

        batch.Clear();
    }

    private readonly record struct Pending(CallRecord? Record, TaskCompletionSource? Flushed);
}
