namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// The changes one REGISTER asks for, applied by <see cref="ILocationStore.UpdateAsync"/> all together or not at all.
/// </summary>
/// <param name="Aor">The extension being registered.</param>
/// <param name="CallId">The REGISTER's Call-ID.</param>
/// <param name="CSeq">The REGISTER's CSeq number.</param>
/// <param name="RemoveAll">True for <c>Contact: *</c> with <c>Expires: 0</c>: every binding of the AOR goes.</param>
/// <param name="Contacts">
/// Bindings to add or refresh; one whose ExpiresAt is not after the update's time removes the matching binding.
/// Empty when <paramref name="RemoveAll"/> is set.
/// </param>
public sealed record RegisterUpdate(string Aor, string CallId, uint CSeq, bool RemoveAll, IReadOnlyList<ContactBinding> Contacts);
