namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// The append-only queue and agent event log. <see cref="Append"/> never blocks a grain turn: it stamps the sequence
/// number and hands the event to the store's writer, which persists in batches and retries failed writes (a failure
/// that outlasts the retries is logged and counted, never dropped silently).
/// </summary>
public interface IAcdEventLog
{
    /// <summary>Appends <paramref name="evt"/> and returns it with its sequence number.</summary>
    AcdEvent Append(AcdEvent evt);

    /// <summary>Every event with a sequence number above <paramref name="afterSequence"/>, in order (waits for pending writes).</summary>
    ValueTask<IReadOnlyList<AcdEvent>> ReadAsync(long afterSequence = 0, CancellationToken cancellationToken = default);
}
