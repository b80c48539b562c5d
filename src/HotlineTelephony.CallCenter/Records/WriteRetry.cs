namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// The retry policy every records write shares: up to <see cref="CallRecordsOptions.MaxWriteAttempts"/> attempts with
/// exponential back-off on the injected clock. The caller decides what giving up means (log, count, throw).
/// </summary>
internal sealed class WriteRetry(CallRecordsOptions options, TimeProvider timeProvider)
{
    /// <summary>Delay before retry number <paramref name="retry"/> (1 = the first retry): doubling, capped.</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var ticks = options.FirstRetryDelay.Ticks;
        for (var i = 1; i < retry && ticks < options.MaxRetryDelay.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, options.MaxRetryDelay.Ticks));
    }

    /// <summary>Runs <paramref name="write"/> until it succeeds (null) or the attempts run out (the last error).</summary>
    public async Task<(Exception? Error, int Attempts)> RunAsync(
        Func<CancellationToken, Task> write,
        Action<int, TimeSpan, Exception> onRetry,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write(cancellationToken).ConfigureAwait(false);
                return (null, attempt);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                if (attempt >= options.MaxWriteAttempts)
                {
                    return (ex, attempt);
                }

                var delay = DelayBefore(attempt);
                onRetry(attempt, delay, ex);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
