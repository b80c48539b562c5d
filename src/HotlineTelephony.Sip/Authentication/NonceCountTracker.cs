using System.Collections.Concurrent;
using System.Globalization;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>
/// Remembers the highest nonce-count seen per nonce so that a captured Authorization header cannot be replayed
/// while its nonce is still valid (RFC 7616 §3.4, §5.12). Nonces stay stateless across nodes; this state is
/// per node, which is enough because a replay to another node still has to beat that node's own record.
/// </summary>
public sealed class NonceCountTracker
{
    // Past this many tracked nonces a sweep runs on the next call even if the interval has not passed, so a
    // flood of fresh nonces cannot grow the table without bound between sweeps.
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private long _nextSweep;

    /// <param name="retention">How long to remember a nonce: at least the nonce lifetime, after which the nonce is stale anyway.</param>
    public NonceCountTracker(TimeProvider time, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        _time = time;
        _retention = retention;
        _nextSweep = time.GetUtcNow().Add(retention).UtcTicks;
    }

    public int Count => _seen.Count;

    /// <summary>
    /// Accepts <paramref name="nonceCount"/> (eight hex digits) if it is higher than any seen for
    /// <paramref name="nonce"/>, and records it. Without qop there is no nc; such requests are accepted.
    /// </summary>
    public bool TryAccept(string nonce, string? nonceCount)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nonceCount is null)
        {
            return true;
        }

        if (!uint.TryParse(nonceCount, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var count) || count == 0)
        {
            return false;
        }

        var now = _time.GetUtcNow().UtcTicks;
        SweepIfDue(now);
        while (true)
        {
            if (!_seen.TryGetValue(nonce, out var existing))
            {
                if (_seen.TryAdd(nonce, new Entry(count, now)))
                {
                    return true;
                }

                continue;
            }

            if (count <= existing.HighestCount)
            {
                return false;
            }

            if (_seen.TryUpdate(nonce, existing with { HighestCount = count }, existing))
            {
                return true;
            }
        }
    }

    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due && _seen.Count < SweepThreshold)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _nextSweep, now + _retention.Ticks, due) != due)
        {
            return;
        }

        var cutoff = now - _retention.Ticks;
        foreach (var (nonce, entry) in _seen)
        {
            if (entry.FirstSeen < cutoff)
            {
                _seen.TryRemove(new KeyValuePair<string, Entry>(nonce, entry));
            }
        }
    }

    private readonly record struct Entry(uint HighestCount, long FirstSeen);
}
