namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// Where registrations live. <see cref="InMemoryLocationStore"/> serves one node; the interface is kept small and
/// whole-update shaped so that a Redis store (one hash per AOR, the update as a Lua script for atomicity) can be
/// added later for several nodes without changing the registrar.
/// </summary>
public interface ILocationStore
{
    /// <summary>The AOR's unexpired bindings, in registration order; empty when none.</summary>
    ValueTask<IReadOnlyList<ContactBinding>> GetAsync(string aor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies one REGISTER's changes atomically at time <paramref name="now"/>, after the Call-ID/CSeq ordering
    /// check of RFC 3261 §10.3; on <see cref="RegisterStatus.OutOfOrder"/> nothing changes.
    /// </summary>
    ValueTask<RegisterOutcome> UpdateAsync(RegisterUpdate update, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes <paramref name="binding"/> if the store still holds that very registration (same contact, Call-ID
    /// and CSeq). A binding refreshed meanwhile is kept: its phone has just proved it is reachable.
    /// </summary>
    ValueTask<bool> RemoveAsync(ContactBinding binding, CancellationToken cancellationToken = default);

    /// <summary>Drops every binding expired at <paramref name="now"/> and returns how many went.</summary>
    ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>A snapshot of every unexpired binding of every AOR, for keep-alives and operator views.</summary>
    ValueTask<IReadOnlyList<ContactBinding>> GetAllAsync(CancellationToken cancellationToken = default);
}
