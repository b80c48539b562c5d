using System.Collections.Concurrent;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>The live hotline calls by call id, so the call centre's orders reach the right SIP dialogs.</summary>
internal sealed class HotlineCallRegistry
{
    private readonly ConcurrentDictionary<string, HotlineCall> _calls = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    public bool TryAdd(HotlineCall call)
    {
        if (!_calls.TryAdd(call.CallId, call))
        {
            return false;
        }

        call.CallerHungUp += c => _calls.TryRemove(new KeyValuePair<string, HotlineCall>(c.CallId, c));
        return true;
    }

    public HotlineCall? Find(string callId) => _calls.TryGetValue(callId, out var call) ? call : null;

    public IReadOnlyCollection<HotlineCall> All() => [.. _calls.Values];
}
