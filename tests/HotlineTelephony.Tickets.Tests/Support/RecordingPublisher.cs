using System.Collections.Concurrent;
using HotlineTelephony.Tickets.Outbox;

namespace HotlineTelephony.Tickets.Tests.Support;

/// <summary>
/// A back-office stand-in: keeps every delivery (duplicates included) and, like a real client, what it shows after
/// dropping events whose EventId it has seen. Can fail its first <see cref="FailuresLeft"/> calls.
/// </summary>
public sealed class RecordingPublisher : ITicketEventPublisher
{
    private readonly ConcurrentQueue<TicketEvent> _deliveries = new();
    private readonly ConcurrentDictionary<long, TicketEvent> _shown = new();
    private int _failuresLeft;

    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    public int FailedCalls { get; private set; }

    public IReadOnlyList<TicketEvent> Deliveries => [.. _deliveries];

    /// <summary>What a client that drops duplicates by EventId saw, in order of first arrival.</summary>
    public IReadOnlyList<TicketEvent> Shown => [.. _shown.Values.OrderBy(e => e.EventId)];

    public ValueTask PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            FailedCalls++;
            throw new InvalidOperationException("back office unreachable (injected)");
        }

        Volatile.Write(ref _failuresLeft, 0);
        _deliveries.Enqueue(ticketEvent);
        _shown.TryAdd(ticketEvent.EventId, ticketEvent);
        return ValueTask.CompletedTask;
    }
}
