namespace HotlineTelephony.Tickets.Outbox;

/// <summary>Wakes the dispatcher when this process committed outbox rows, so a push does not wait for the next poll.</summary>
public sealed class TicketOutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Pulse()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the dispatcher reads every pending row when it wakes.
        }
    }

    /// <summary>True when pulsed, false after <paramref name="timeout"/>.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
