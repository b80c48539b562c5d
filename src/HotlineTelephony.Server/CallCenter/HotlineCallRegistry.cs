using System.Collections.Concurrent;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// The live hotline calls by call id, so the call centre's orders reach the right SIP dialogs. Calls that ended in the
/// last <see cref="RecentlyEndedFor"/> stay findable through <see cref="FindEnded"/>: their call record is
/// written a moment after the hang-up, and an agent files the ticket in that moment.
/// </summary>
/// <remarks>
/// A busy centre ends thousands of calls a second, so ended calls are kept in end order and pruned from the oldest
/// (never by scanning them all), and only until their record is queued as the whole call: after that a small
/// <see cref="EndedCall"/> is enough, and the call's dialogs and media can be collected.
/// </remarks>
internal sealed class HotlineCallRegistry(TimeProvider timeProvider)
{
    public static readonly TimeSpan RecentlyEndedFor = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most summaries kept, whatever their age. Ten minutes of a real centre's calls is a few thousand; under a load
    /// test it was hundreds of thousands of live objects that every garbage collection had to scan. Past the cap a
    /// ticket for an older call finds it through its call record, as after the ten minutes.
    /// </summary>
    public const int MaxRecentlyEnded = 20_000;

    private readonly ConcurrentDictionary<string, HotlineCall> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EndedCall> _ended = new(StringComparer.Ordinal);
    private readonly Queue<EndedCall> _endedInOrder = new();
    private long _added;

    public HotlineCallRegistry()
        : this(TimeProvider.System)
    {
    }

    public int Count => _calls.Count;

    /// <summary>Calls added since start (the calls counter on /metrics).</summary>
    public long TotalAdded => Interlocked.Read(ref _added);

    public bool TryAdd(HotlineCall call)
    {
        if (!_calls.TryAdd(call.CallId, call))
        {
            return false;
        }

        Interlocked.Increment(ref _added);
        call.CallerHungUp += c =>
        {
            if (_calls.TryRemove(new KeyValuePair<string, HotlineCall>(c.CallId, c)))
            {
                Remember(new EndedCall(c, timeProvider.GetUtcNow()));
            }
        };
        return true;
    }

    /// <summary>
    /// The call's record is queued: from now on its ticket link goes to the record, so the registry keeps only the
    /// call's summary for the rest of <see cref="RecentlyEndedFor"/>.
    /// </summary>
    public void RecordQueued(HotlineCall call)
    {
        if (_ended.TryGetValue(call.CallId, out var ended) && ended.CallBeforeRecord == call)
        {
            ended.Forget();
        }
    }

    public HotlineCall? Find(string callId) => _calls.TryGetValue(callId, out var call) ? call : null;

    /// <summary>A call that ended within <see cref="RecentlyEndedFor"/>, as the live call (until its record is queued) or its summary.</summary>
    public EndedCall? FindEnded(string callId) =>
        _ended.TryGetValue(callId, out var entry) && timeProvider.GetUtcNow() - entry.EndedAt <= RecentlyEndedFor ? entry : null;

    /// <summary>
    /// The live call, or an ended one whose record is not queued yet: what may still be noted on the call so that its
    /// record carries it. Once the record is queued, the record is the place to look.
    /// </summary>
    public HotlineCall? FindBeforeRecord(string callId) => Find(callId) ?? FindEnded(callId)?.CallBeforeRecord;

    public IReadOnlyCollection<HotlineCall> All() => [.. _calls.Values];

    private void Remember(EndedCall ended)
    {
        _ended[ended.CallId] = ended;
        lock (_endedInOrder)
        {
            _endedInOrder.Enqueue(ended);
            while (_endedInOrder.TryPeek(out var oldest)
                && (ended.EndedAt - oldest.EndedAt > RecentlyEndedFor || _endedInOrder.Count > MaxRecentlyEnded))
            {
                _endedInOrder.Dequeue();
                _ended.TryRemove(new KeyValuePair<string, EndedCall>(oldest.CallId, oldest));
            }
        }
    }
}
