using System.Net;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// Settings for <see cref="SipTransportLayer"/>. Defaults suit a public-facing hotline server;
/// <see cref="Validate"/> runs at start-up and names the offending setting.
/// </summary>
public sealed class SipTransportOptions
{
    /// <summary>Address to bind UDP and TCP to. Default <c>0.0.0.0</c> (all IPv4 interfaces).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Port for UDP and TCP. Default 5060. 0 binds an ephemeral port (tests); the bound port is then shared by TCP when free.</summary>
    public int Port { get; set; } = 5060;

    /// <summary>Default true.</summary>
    public bool EnableUdp { get; set; } = true;

    /// <summary>Default true. Also needed for the §18.1.1 switch of large UDP requests to TCP.</summary>
    public bool EnableTcp { get; set; } = true;

    /// <summary>
    /// Host to advertise in Via sent-by and Contact (a NAT's public address or a DNS name). Default null: the
    /// local address of the socket the message leaves on, or the specific <see cref="ListenAddress"/>, else 127.0.0.1.
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary>Largest message accepted or sent. Default 65535 (RFC 3261 §18.1.1 requires accepting datagrams up to this).</summary>
    public int MaxMessageBytes { get; set; } = 65535;

    /// <summary>UDP requests larger than this go over TCP when TCP is enabled (RFC 3261 §18.1.1). Default 1300.</summary>
    public int UdpMtuThreshold { get; set; } = 1300;

    /// <summary>A TCP connection with no traffic either way for this long is closed. Default 5 minutes.</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Limit on opening an outgoing TCP connection. Default 5 seconds.</summary>
    public TimeSpan TcpConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Accepted plus outgoing TCP connections; more are refused. Default 10000.</summary>
    public int MaxTcpConnections { get; set; } = 10_000;

    /// <summary>
    /// Bytes that may wait in one connection's send queue. A peer that stops reading past this has its connection
    /// closed and the send fails with <see cref="SipTransportException"/>. Default 1 MiB.
    /// </summary>
    public int MaxConnectionSendQueueBytes { get; set; } = 1024 * 1024;

    /// <summary>Receive threads on the UDP socket (each runs the inbound path inline). Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int UdpReceiveLoops { get; set; } = Environment.ProcessorCount;

    /// <summary>Kernel receive buffer (SO_RCVBUF) for the UDP socket, to ride out bursts. Default 4 MiB.</summary>
    public int ReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>When set, every message sent and received is appended to this file (off the hot path). Default null (off).</summary>
    public string? TraceFile { get; set; }

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            Fail(nameof(ListenAddress), $"'{ListenAddress}' is not an IP address");
        }

        if (Port is < 0 or > 65535)
        {
            Fail(nameof(Port), "must be 0..65535");
        }

        if (!EnableUdp && !EnableTcp)
        {
            Fail(nameof(EnableUdp), "at least one of EnableUdp and EnableTcp must be true");
        }

        if (PublicAddress is not null && string.IsNullOrWhiteSpace(PublicAddress))
        {
            Fail(nameof(PublicAddress), "must be null or a host name or address");
        }

        if (MaxMessageBytes is < 1024 or > 65535)
        {
            Fail(nameof(MaxMessageBytes), "must be 1024..65535");
        }

        if (UdpMtuThreshold < 200 || UdpMtuThreshold > MaxMessageBytes)
        {
            Fail(nameof(UdpMtuThreshold), "must be at least 200 and at most MaxMessageBytes");
        }

        if (TcpIdleTimeout <= TimeSpan.Zero)
        {
            Fail(nameof(TcpIdleTimeout), "must be positive");
        }

        if (TcpConnectTimeout <= TimeSpan.Zero)
        {
            Fail(nameof(TcpConnectTimeout), "must be positive");
        }

        if (MaxTcpConnections < 1)
        {
            Fail(nameof(MaxTcpConnections), "must be at least 1");
        }

        if (MaxConnectionSendQueueBytes < MaxMessageBytes)
        {
            Fail(nameof(MaxConnectionSendQueueBytes), "must be at least MaxMessageBytes");
        }

        if (UdpReceiveLoops < 1)
        {
            Fail(nameof(UdpReceiveLoops), "must be at least 1");
        }

        if (ReceiveBufferBytes < 0)
        {
            Fail(nameof(ReceiveBufferBytes), "must not be negative");
        }
    }

    private static void Fail(string setting, string problem) =>
        throw new InvalidOperationException($"SipTransportOptions.{setting}: {problem}.");
}
