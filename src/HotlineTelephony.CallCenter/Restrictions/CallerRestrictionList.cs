namespace HotlineTelephony.CallCenter.Restrictions;

/// <summary>
/// The restriction list (R-TEL-40) with its audit trail. Listings end by themselves at their end time: a lookup never
/// returns an expired listing, and <see cref="SweepExpired"/> writes the "expired" audit entries. The longest
/// listing is the policy's <see cref="MaxDays"/> natural days (30 in Anshun's rules). Thread-safe: supervisors list
/// numbers from the API while calls look them up.
/// </summary>
public sealed class CallerRestrictionList
{
    private readonly Dictionary<string, CallerRestriction> _listings = new(StringComparer.Ordinal);
    private readonly List<RestrictionAuditEntry> _audit = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ICallerRestrictionStore? _store;

    /// <param name="store">Where listings and audit are kept across restarts; null keeps them in memory only (tests).</param>
    public CallerRestrictionList(TimeProvider time, int maxDays = 30, ICallerRestrictionStore? store = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        _time = time;
        MaxDays = maxDays;
        _store = store;
        if (store is not null)
        {
            foreach (var listing in store.LoadListings())
            {
                _listings[listing.Number] = listing;
            }

            _audit.AddRange(store.LoadAudit());
        }
    }

    public int MaxDays { get; }

    /// <summary>Lists (or re-lists) a number. Without an end the listing lasts <see cref="MaxDays"/> days from its start.</summary>
    /// <exception cref="ArgumentException">The number or reason is empty, or the period is empty or longer than <see cref="MaxDays"/> days.</exception>
    public CallerRestriction List(string number, string reason, string by, DateTimeOffset? start = null, DateTimeOffset? end = null)
    {
        number = Normalize(number);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A restriction needs a reason.", nameof(reason));
        }

        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ArgumentException("A restriction needs the supervisor who listed it.", nameof(by));
        }

        var from = start ?? _time.GetUtcNow();
        var until = end ?? from.AddDays(MaxDays);
        if (until <= from)
        {
            throw new ArgumentException($"The restriction of {number} ends ({until:u}) before it starts ({from:u}).", nameof(end));
        }

        if (until - from > TimeSpan.FromDays(MaxDays))
        {
            throw new ArgumentException($"A restriction lasts at most {MaxDays} natural days; {number} was asked for {(until - from).TotalDays:F1}.", nameof(end));
        }

        var listing = new CallerRestriction(number, reason.Trim(), from, until, by);
        lock (_lock)
        {
            var action = _listings.ContainsKey(number) ? RestrictionAuditAction.Changed : RestrictionAuditAction.Listed;
            var entry = new RestrictionAuditEntry(_time.GetUtcNow(), number, action, by, listing.Reason, from, until);
            _store?.Save(number, listing, entry);
            _listings[number] = listing;
            _audit.Add(entry);
        }

        return listing;
    }

    /// <summary>Ends a listing early. False when the number was not listed.</summary>
    public bool Lift(string number, string by, string reason)
    {
        number = Normalize(number);
        lock (_lock)
        {
            if (!_listings.ContainsKey(number))
            {
                return false;
            }

            var entry = new RestrictionAuditEntry(_time.GetUtcNow(), number, RestrictionAuditAction.Lifted, by, reason);
            _store?.Save(number, null, entry);
            _listings.Remove(number);
            _audit.Add(entry);
            return true;
        }
    }

    /// <summary>The number's listing in force now, or null (expired listings are never returned).</summary>
    public CallerRestriction? Find(string number)
    {
        number = Normalize(number);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return _listings.TryGetValue(number, out var listing) && listing.IsActiveAt(now) ? listing : null;
        }
    }

    /// <summary>Records that a restricted caller used the emergency key to reach an agent.</summary>
    public void RecordEmergencyOverride(string number, string callId)
    {
        lock (_lock)
        {
            var entry = new RestrictionAuditEntry(_time.GetUtcNow(), Normalize(number), RestrictionAuditAction.EmergencyOverride, "caller", "call " + callId);
            _store?.Save(entry.Number, _listings.GetValueOrDefault(entry.Number), entry);
            _audit.Add(entry);
        }
    }

    /// <summary>Removes listings past their end and audits each as expired; returns how many.</summary>
    public int SweepExpired()
    {
        var now = _time.GetUtcNow();
        int expired = 0;
        lock (_lock)
        {
            List<string>? ended = null;
            foreach (var (number, listing) in _listings)
            {
                if (listing.End <= now)
                {
                    (ended ??= []).Add(number);
                }
            }

            foreach (var number in ended ?? [])
            {
                var entry = new RestrictionAuditEntry(now, number, RestrictionAuditAction.Expired, "system", "period ended");
                _store?.Save(number, null, entry);
                _listings.Remove(number);
                _audit.Add(entry);
                expired++;
            }
        }

        return expired;
    }

    public IReadOnlyList<CallerRestriction> Active()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var result = new List<CallerRestriction>(_listings.Count);
            foreach (var listing in _listings.Values)
            {
                if (listing.IsActiveAt(now))
                {
                    result.Add(listing);
                }
            }

            return result;
        }
    }

    public IReadOnlyList<RestrictionAuditEntry> Audit()
    {
        lock (_lock)
        {
            return [.. _audit];
        }
    }

    /// <summary>Numbers are compared as digits: "+86 138-0000-0001" and "8613800000001" are one caller.</summary>
    private static string Normalize(string number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        Span<char> digits = stackalloc char[Math.Min(number.Length, 64)];
        int n = 0;
        foreach (char c in number)
        {
            if (char.IsAsciiDigit(c) && n < digits.Length)
            {
                digits[n++] = c;
            }
        }

        return n == 0 ? number.Trim() : new string(digits[..n]);
    }
}
