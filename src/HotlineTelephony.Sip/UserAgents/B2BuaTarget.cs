using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.UserAgents;

/// <summary>
/// One place a <see cref="B2BuaBridge"/> rings: a registered contact or a trunk. <paramref name="Destination"/>
/// is where the INVITE goes (for a NATed phone, the flow it registered from), and stays the in-dialog target when
/// <paramref name="UseFlow"/> is set, since such a phone's Contact is not reachable.
/// </summary>
public sealed record B2BuaTarget(SipUri RequestUri, SipRemote Destination, NameAddress? To = null, bool UseFlow = false);
