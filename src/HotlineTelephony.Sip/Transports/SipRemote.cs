using System.Net;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// The other end of one message: transport, address and, for connection-oriented transports, the
/// connection it arrived on (0 = any / open a new one). Responses and in-dialog requests to a NATed
/// phone go back exactly here.
/// </summary>
public readonly record struct SipRemote(SipTransportKind Transport, IPEndPoint EndPoint, long ConnectionId = 0)
{
    public bool IsReliable => Transport != SipTransportKind.Udp;

    public override string ToString() => $"{Transport.ToString().ToLowerInvariant()}:{EndPoint}";
}
