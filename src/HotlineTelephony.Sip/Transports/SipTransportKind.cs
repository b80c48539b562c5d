namespace HotlineTelephony.Sip.Transports;

/// <summary>Transports a message can travel on; reliable ones (all but UDP) change the transaction timers.</summary>
public enum SipTransportKind
{
    Udp,
    Tcp,
    Tls,
    Ws,
    Wss,
}
