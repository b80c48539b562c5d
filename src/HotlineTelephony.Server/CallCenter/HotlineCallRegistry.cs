using System.Collections.Concurrent;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// The live hotline calls by call id, so the call centre's orders reach the right SIP dialogs. Calls that ended in the
/// last <see cref="RecentlyEndedFor"/> stay findable through <see cref="FindIncludingEnded"/>: their call record is
/// written a moment after the hang-up, and an agent files the ticket in that moment.
/// </summary>
internal sealed class HotlineCallRegistry
{
    public static readonly TimeSpan RecentlyEndedFor = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, HotlineCall> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (HotlineCall Call, DateTimeOffset EndedAt)> _ended = new(StringComparer.Ordinal);
    private long _added;

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
                var now = DateTimeOffset.UtcNow;
                _ended[c.CallId] = (c, now);
                foreach (var (id, entry) in _ended)
                {
                    if (now - entry.EndedAt > RecentlyEndedFor)
                    {
                        _ended.TryRemove(id, out _);
                    }
                }
            }
        };
        return true;
    }

    public HotlineCall? Find(string callId) => _calls.TryGetValue(callId, out var call) ? call : null;

    /// <summary>A live call, or one that ended within <see cref="RecentlyEndedFor"/>.</summary>
    public HotlineCall? FindIncludingEnded(string callId) =>
        Find(callId) ?? (_ended.TryGetValue(callId, out var entry) && DateTimeOffset.UtcNow - entry.EndedAt <= RecentlyEndedFor ? entry.Call : null);

    public IReadOnlyCollection<HotlineCall> All() => [.. _calls.Values];
}
