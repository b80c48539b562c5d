using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// The transport layer of RFC 3261 §18: owns the UDP and TCP transports, turns what they read into
/// validated messages for the <see cref="ISipMessageSink"/> (answering or dropping malformed ones, never
/// throwing), stamps received/rport (RFC 3581) on requests, and sends requests and responses by the
/// §18.1/§18.2.2 rules.
/// </summary>
public sealed partial class SipTransportLayer : ISipSender, ISipTransportReceiver, IAsyncDisposable
{
    private static readonly string[] s_transportTags = ["udp", "tcp", "tls", "ws", "wss"];

    // TEST-NET-2 (RFC 5737): only used to ask the routing table for the default outgoing interface.
    private static readonly IPAddress s_routeProbe = IPAddress.Parse("198.51.100.1");

    private readonly SipTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SipTransportMetrics _metrics;
    private readonly LocalAddressResolver _localAddresses = new();
    private readonly HashSet<string> _ourHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _ourPorts = [];
    private ISipTraceSink? _trace;
    private SipTraceWriter? _ownedTrace;
    private ISipMessageSink? _sink;
    private UdpSipTransport? _udp;
    private TcpSipTransport? _tcp;
    private string? _fixedHost;
    private string _defaultHost = "127.0.0.1";
    private int _started;

    public SipTransportLayer(
        SipTransportOptions options,
        ILogger<SipTransportLayer>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null,
        ISipTraceSink? trace = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = new SipTransportMetrics(meterFactory);
        _trace = trace;
    }

    /// <summary>The "HotlineTelephony.Sip" meter this layer reports on.</summary>
    internal Meter Meter => _metrics.Meter;

    internal int TcpConnectionCount => _tcp?.ConnectionCount ?? 0;

    /// <summary>
    /// Validates the options, binds the sockets and starts receiving; messages go to <paramref name="sink"/>.
    /// The sink is given here rather than to the constructor because the transaction layer that implements
    /// it needs this layer as its <see cref="ISipSender"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is invalid, or the layer was already started.</exception>
    /// <exception cref="SipTransportException">A socket could not be bound.</exception>
    public void Start(ISipMessageSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _options.Validate();
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The SIP transport layer is already started.");
        }

        _sink = sink;
        if (_trace is null && _options.TraceFile is { } file)
        {
            _trace = _ownedTrace = new SipTraceWriter(file, _time, _logger);
        }

        var address = IPAddress.Parse(_options.ListenAddress);
        try
        {
            if (_options.EnableUdp)
            {
                _udp = new UdpSipTransport(_options, new IPEndPoint(address, _options.Port), this, _logger);
            }

            if (_options.EnableTcp)
            {
                _tcp = CreateTcp(address);
            }
        }
        catch (SocketException ex)
        {
            _udp?.Dispose();
            throw new SipTransportException($"Cannot bind SIP to {_options.ListenAddress}:{_options.Port} (SipTransportOptions.ListenAddress/Port): {ex.SocketErrorCode}", ex);
        }

        bool anyAddress = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
        _fixedHost = _options.PublicAddress ?? (anyAddress ? null : FormatHost(address));
        _defaultHost = _fixedHost ?? FormatHost(_localAddresses.For(s_routeProbe));
        CollectOwnAddresses(address, anyAddress);
        _udp?.Start();
        _tcp?.Start();
    }

    public async Task StopAsync()
    {
        if (_udp is { } udp)
        {
            await udp.StopAsync().ConfigureAwait(false);
            udp.Dispose();
        }

        if (_tcp is { } tcp)
        {
            await tcp.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownedTrace is { } trace)
        {
            _ownedTrace = null;
            await trace.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _metrics.Dispose();
    }

    /// <summary>The bound address of a transport (with the real port when <see cref="SipTransportOptions.Port"/> is 0), or null when it is disabled.</summary>
    public IPEndPoint? GetLocalEndPoint(SipTransportKind transport) => transport switch
    {
        SipTransportKind.Udp => _udp?.LocalEndPoint,
        SipTransportKind.Tcp => _tcp?.LocalEndPoint,
        _ => null,
    };

    /// <inheritdoc/>
    public (string Host, int Port) GetSentBy(SipTransportKind transport) => (_defaultHost, PortOf(transport));

    /// <summary>Sent-by for a message to <paramref name="destination"/>: the interface that reaches it when no address is configured.</summary>
    public (string Host, int Port) GetSentBy(SipTransportKind transport, IPAddress destination) =>
        (_fixedHost ?? FormatHost(_localAddresses.For(destination)), PortOf(transport));

    private static string FormatHost(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
    }

    private static string TransportTag(SipTransportKind kind) => s_transportTags[(int)kind];

    private int PortOf(SipTransportKind transport) => transport switch
    {
        SipTransportKind.Udp => _udp?.LocalEndPoint.Port ?? _options.Port,
        SipTransportKind.Tcp => _tcp?.LocalEndPoint.Port ?? _options.Port,
        _ => _options.Port,
    };

    private TcpSipTransport CreateTcp(IPAddress address)
    {
        // With an ephemeral port, try TCP on the port UDP got so both advertise one port.
        if (_options.Port == 0 && _udp is not null)
        {
            try
            {
                return new TcpSipTransport(_options, new IPEndPoint(address, _udp.LocalEndPoint.Port), this, _time, _logger);
            }
            catch (SocketException)
            {
            }
        }

        return new TcpSipTransport(_options, new IPEndPoint(address, _options.Port), this, _time, _logger);
    }

    /// <summary>Hosts and ports a response's top Via may name and still be ours (RFC 3261 §18.1.2).</summary>
    private void CollectOwnAddresses(IPAddress listen, bool anyAddress)
    {
        if (_options.PublicAddress is { } pub)
        {
            _ourHosts.Add(pub.Trim('[', ']'));
        }

        _ourHosts.Add("localhost");
        _ourHosts.Add(_defaultHost.Trim('[', ']'));
        _ourHosts.Add(IPAddress.Loopback.ToString());
        _ourHosts.Add(IPAddress.IPv6Loopback.ToString());
        if (!anyAddress)
        {
            _ourHosts.Add(listen.ToString());
        }
        else
        {
            try
            {
                foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
                {
                    foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                    {
                        _ourHosts.Add(unicast.Address.ToString());
                    }
                }
            }
            catch (NetworkInformationException)
            {
                // Without the interface list only the configured and loopback names are recognised.
            }
        }

        _ourPorts.Add(PortOf(SipTransportKind.Udp));
        _ourPorts.Add(PortOf(SipTransportKind.Tcp));
    }

    private static string FormatPort(int port) => port.ToString(CultureInfo.InvariantCulture);
}
