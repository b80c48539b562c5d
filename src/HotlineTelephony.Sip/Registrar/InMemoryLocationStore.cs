namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// A thread-safe, single-node <see cref="ILocationStore"/>. Registrations are rare next to calls, so one lock over
/// copy-on-write arrays keeps it simple: readers get an array that never changes under them.
/// </summary>
public sealed class InMemoryLocationStore : ILocationStore
{
    private static readonly ContactBinding[] s_none = [];

    private readonly Dictionary<string, ContactBinding[]> _bindings = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    public InMemoryLocationStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public ValueTask<IReadOnlyList<ContactBinding>> GetAsync(string aor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aor);
        ContactBinding[]? current;
        lock (_lock)
        {
            _bindings.TryGetValue(aor, out current);
        }

        return new(Unexpired(current ?? s_none, _time.GetUtcNow()));
    }

    public ValueTask<RegisterOutcome> UpdateAsync(RegisterUpdate update, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_lock)
        {
            _bindings.TryGetValue(update.Aor, out var existing);
            existing ??= s_none;
            var live = Unexpired(existing, now);

            foreach (var old in live)
            {
                if (IsTouched(old, update) && string.Equals(old.CallId, update.CallId, StringComparison.Ordinal) && update.CSeq <= old.CSeq)
                {
                    return new(new RegisterOutcome(RegisterStatus.OutOfOrder, live));
                }
            }

            var result = new List<ContactBinding>(live.Length + update.Contacts.Count);
            if (!update.RemoveAll)
            {
                foreach (var old in live)
                {
                    if (!IsTouched(old, update))
                    {
                        result.Add(old);
                    }
                }

                foreach (var added in update.Contacts)
                {
                    if (!added.IsExpiredAt(now))
                    {
                        // A REGISTER may list the same contact twice; the later one wins, as a later REGISTER would.
                        result.RemoveAll(added.IsSameContactAs);
                        result.Add(added);
                    }
                }
            }

            var array = result.ToArray();
            Store(update.Aor, array);

            return new(new RegisterOutcome(RegisterStatus.Updated, array));
        }
    }

    public ValueTask<bool> RemoveAsync(ContactBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        lock (_lock)
        {
            if (!_bindings.TryGetValue(binding.Aor, out var existing))
            {
                return new(false);
            }

            int index = Array.FindIndex(existing, b =>
                b.IsSameContactAs(binding) && b.CSeq == binding.CSeq && string.Equals(b.CallId, binding.CallId, StringComparison.Ordinal));
            if (index < 0)
            {
                return new(false);
            }

            Store(binding.Aor, [.. existing[..index], .. existing[(index + 1)..]]);
            return new(true);
        }
    }

    public ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        int removed = 0;
        lock (_lock)
        {
            List<(string Aor, ContactBinding[] Live)>? changes = null;
            foreach (var (aor, existing) in _bindings)
            {
                var live = Unexpired(existing, now);
                if (live.Length != existing.Length)
                {
                    removed += existing.Length - live.Length;
                    (changes ??= []).Add((aor, live));
                }
            }

            if (changes is not null)
            {
                foreach (var (aor, live) in changes)
                {
                    Store(aor, live);
                }
            }
        }

        return new(removed);
    }

    public ValueTask<IReadOnlyList<ContactBinding>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var all = new List<ContactBinding>();
        lock (_lock)
        {
            foreach (var existing in _bindings.Values)
            {
                foreach (var binding in existing)
                {
                    if (!binding.IsExpiredAt(now))
                    {
                        all.Add(binding);
                    }
                }
            }
        }

        return new(all);
    }

    private static bool IsTouched(ContactBinding old, RegisterUpdate update)
    {
        if (update.RemoveAll)
        {
            return true;
        }

        foreach (var contact in update.Contacts)
        {
            if (old.IsSameContactAs(contact))
            {
                return true;
            }
        }

        return false;
    }

    private static ContactBinding[] Unexpired(ContactBinding[] bindings, DateTimeOffset now)
    {
        foreach (var binding in bindings)
        {
            if (binding.IsExpiredAt(now))
            {
                return Array.FindAll(bindings, b => !b.IsExpiredAt(now));
            }
        }

        return bindings;
    }

    // Called under the lock.
    private void Store(string aor, ContactBinding[] bindings)
    {
        if (bindings.Length == 0)
        {
            _bindings.Remove(aor);
        }
        else
        {
            _bindings[aor] = bindings;
        }
    }
}
