using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// One registered contact of an extension (RFC 3261 §10.3), with the path the REGISTER arrived on.
/// </summary>
/// <param name="Aor">The extension, e.g. "1001" (the AOR's user part; the registrar accepts any host).</param>
/// <param name="Contact">The Contact as registered, parameters included (+sip.instance, q, …) but without expires.</param>
/// <param name="Flow">
/// Where the REGISTER really came from: source address, port, transport and connection. Requests for this contact
/// must be sent here, with <see cref="Contact"/>'s URI only as the Request-URI: behind NAT the Contact holds a
/// private address that nobody outside can reach (RFC 3581 symmetric response routing, applied to requests).
/// </param>
/// <param name="ExpiresAt">When the binding lapses unless refreshed.</param>
/// <param name="CallId">Call-ID of the REGISTER that made it; with <paramref name="CSeq"/> orders refreshes (§10.3 step 7).</param>
/// <param name="CSeq">CSeq number of that REGISTER.</param>
/// <param name="Q">The contact's q preference (0–1), null when not given.</param>
/// <param name="InstanceId">The +sip.instance value (RFC 5626 §4.1), quotes included, null when not given.</param>
/// <param name="UserAgent">The User-Agent of the REGISTER, for operators.</param>
public sealed record ContactBinding(
    string Aor,
    NameAddress Contact,
    SipRemote Flow,
    DateTimeOffset ExpiresAt,
    string CallId,
    uint CSeq,
    double? Q = null,
    string? InstanceId = null,
    string? UserAgent = null)
{
    /// <summary>The Request-URI for requests to this contact.</summary>
    public SipUri Uri => Contact.Uri;

    /// <summary>
    /// True when the Contact's host and port are not the address the REGISTER came from, i.e. a NAT (or a phone
    /// advertising a name) sits in between; such bindings need keep-alives and must be reached via <see cref="Flow"/>.
    /// </summary>
    public bool IsBehindNat =>
        Uri.HostAddress is not { } host
        || !Unmapped(host).Equals(Unmapped(Flow.EndPoint.Address))
        || (Uri.Port ?? (Uri.IsSecure ? 5061 : 5060)) != Flow.EndPoint.Port;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>Whole seconds left at <paramref name="now"/>, rounded up so a fresh binding shows exactly what was granted.</summary>
    public int RemainingSecondsAt(DateTimeOffset now) =>
        ExpiresAt <= now ? 0 : (int)Math.Ceiling((ExpiresAt - now).TotalSeconds);

    /// <summary>
    /// True when <paramref name="other"/> names the same binding: the same +sip.instance when both have one (a
    /// rebooted phone comes back with a new port but the same instance), else the same URI compared per §19.1.4.
    /// </summary>
    public bool IsSameContactAs(ContactBinding other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (InstanceId is not null && other.InstanceId is not null)
        {
            return string.Equals(InstanceId, other.InstanceId, StringComparison.Ordinal);
        }

        return Uri.Equals(other.Uri);
    }

    private static System.Net.IPAddress Unmapped(System.Net.IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
