namespace HotlineTelephony.Server.Options;

/// <summary>SIP transports and RFC 3261 timers (configuration section "Sip").</summary>
public sealed class SipOptions
{
    public const string SectionName = "Sip";

    /// <summary>Local address the UDP and TCP listeners bind to. Default "0.0.0.0" (all IPv4 interfaces).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>SIP port for UDP and TCP. Default 5060.</summary>
    public int Port { get; set; } = 5060;

    /// <summary>Listen on UDP. Default true.</summary>
    public bool EnableUdp { get; set; } = true;

    /// <summary>Listen on TCP. Default true.</summary>
    public bool EnableTcp { get; set; } = true;

    /// <summary>
    /// Address written in Via, Contact and SDP. Default null: the local address a request arrived on,
    /// or 127.0.0.1 when listening on 0.0.0.0 and no better address is known.
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary>RFC 3261 T1, the round-trip estimate, in milliseconds. Default 500.</summary>
    public int T1Ms { get; set; } = 500;

    /// <summary>RFC 3261 T2, the cap on non-INVITE request and INVITE response retransmit intervals, in milliseconds. Default 4000.</summary>
    public int T2Ms { get; set; } = 4000;

    /// <summary>RFC 3261 T4, the time a message may stay in the network, in milliseconds. Default 5000.</summary>
    public int T4Ms { get; set; } = 5000;

    /// <summary>Largest SIP message accepted on any transport, in bytes. Default 65535.</summary>
    public int MaxMessageBytes { get; set; } = 65535;

    /// <summary>Idle TCP connections are closed after this many seconds. Default 300.</summary>
    public int TcpIdleTimeoutSeconds { get; set; } = 300;

    /// <summary>Session-Expires offered and accepted (RFC 4028), in seconds. Default 1800.</summary>
    public int SessionExpiresSeconds { get; set; } = 1800;

    /// <summary>Min-SE (RFC 4028), in seconds; never below 90. Default 90.</summary>
    public int MinSeSeconds { get; set; } = 90;

    /// <summary>Optional path of a file receiving every SIP message sent and received. Default null (off).</summary>
    public string? TraceFile { get; set; }

    public override string ToString() =>
        $"Sip {{ ListenAddress = {ListenAddress}, Port = {Port}, EnableUdp = {EnableUdp}, EnableTcp = {EnableTcp}, " +
        $"PublicAddress = {PublicAddress ?? "(arrival address)"}, T1Ms = {T1Ms}, T2Ms = {T2Ms}, T4Ms = {T4Ms}, " +
        $"MaxMessageBytes = {MaxMessageBytes}, TcpIdleTimeoutSeconds = {TcpIdleTimeoutSeconds}, " +
        $"SessionExpiresSeconds = {SessionExpiresSeconds}, MinSeSeconds = {MinSeSeconds}, TraceFile = {TraceFile ?? "(off)"} }}";
}
