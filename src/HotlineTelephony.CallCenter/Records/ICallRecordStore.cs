namespace HotlineTelephony.CallCenter.Records;

/// <summary>Call records (通话记录), one per call with its steps and leg quality.</summary>
public interface ICallRecordStore
{
    /// <summary>
    /// Saves <paramref name="record"/> whole, by call id: saving the same call again replaces the stored record and
    /// its children, never duplicates them. Retried with back-off; a save that still fails is logged, counted and thrown.
    /// </summary>
    Task SaveAsync(CallRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves <paramref name="records"/> as <see cref="SaveAsync"/> would one by one, in as few transactions as the
    /// store can (a busy centre ends thousands of calls a second). When a call id appears twice the later record wins.
    /// Returns the call ids whose save failed after every retry (each logged and counted); the others are saved.
    /// </summary>
    Task<IReadOnlyList<string>> SaveManyAsync(IReadOnlyList<CallRecord> records, CancellationToken cancellationToken = default);

    /// <summary>The record of <paramref name="callId"/> with its steps (in order) and legs, or null.</summary>
    Task<CallRecord?> GetAsync(string callId, CancellationToken cancellationToken = default);

    /// <summary>Records of calls that arrived in [<paramref name="from"/>, <paramref name="to"/>), by arrival then call id.</summary>
    Task<IReadOnlyList<CallRecord>> ListAsync(
        DateTimeOffset from,
        DateTimeOffset to,
        int skip = 0,
        int take = 100,
        CancellationToken cancellationToken = default);
}
