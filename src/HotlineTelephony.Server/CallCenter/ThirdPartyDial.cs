using HotlineTelephony.Media.Audio;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// A third party the agent brings into a call: a department, a service-centre 帮办 desk, an expert seat, or an
/// emergency dispatcher (110/119/120/122) through its gateway.
/// </summary>
/// <param name="Name">Directory name, for logs and the call record ("110", "市场监管局").</param>
/// <param name="RequestUri">The number at the gateway or the seat's SIP URI.</param>
/// <param name="Destination">Where the INVITE goes (the gateway or trunk address).</param>
/// <param name="AssertedIdentity">P-Asserted-Identity (RFC 3325) — the caller's number for an emergency transfer, so the dispatcher sees who needs help.</param>
/// <param name="Headers">Extra headers: the shared data (hotline call id, agent, ticket, a link to the shared record).</param>
/// <param name="RingTimeout">How long to ring before the caller goes back to the agent.</param>
/// <param name="CallerNotice">Spoken once to the caller, on hold, before hold music (the emergency-transfer notice).</param>
internal sealed record ThirdPartyDial(
    string Name,
    SipUri RequestUri,
    SipRemote Destination,
    string? AssertedIdentity,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    TimeSpan RingTimeout,
    AudioClip? CallerNotice = null);
