using System.Net;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Calls;
using HotlineTelephony.Server.Options;
using HotlineTelephony.Sip.Authentication;
using HotlineTelephony.Sip.Registrar;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.Sip;

/// <summary>
/// The SIP stack of one server, wired bottom-up: one timer wheel, the transports, the UA core (which owns the
/// transaction layer), the registrar with its keep-alive, and the call router on top. Built from the host's
/// validated options so nothing below reads configuration.
/// </summary>
internal sealed class SipStack : IAsyncDisposable
{
    private readonly TimerWheel _wheel;
    private readonly SipTraceWriter? _trace;
    private readonly RegistrationKeepAlive _keepAlive;

    public SipStack(SipOptions sip, RegistrarOptions registrar, TrunkOptions trunks, HotlineOptions hotline, MediaEngineOptions media, ILoggerFactory loggers, TimeProvider time, HotlineCallCenter? center = null)
    {
        MediaBindAddress = IPAddress.TryParse(sip.ListenAddress, out var listen) ? listen : IPAddress.Any;
        Media = new MediaEngine(media, time, MediaBindAddress);
        _wheel = new TimerWheel(time, TimerWheel.DefaultTick, TimerWheel.DefaultSlots, loggers.CreateLogger<TimerWheel>());
        _trace = sip.TraceFile is { Length: > 0 } path ? new SipTraceWriter(path, time, loggers.CreateLogger<SipTraceWriter>()) : null;
        Transport = new SipTransportLayer(
            new SipTransportOptions
            {
                ListenAddress = sip.ListenAddress,
                Port = sip.Port,
                EnableUdp = sip.EnableUdp,
                EnableTcp = sip.EnableTcp,
                PublicAddress = sip.PublicAddress,
                MaxMessageBytes = sip.MaxMessageBytes,
                TcpIdleTimeout = TimeSpan.FromSeconds(sip.TcpIdleTimeoutSeconds),
                TraceFile = sip.TraceFile,
            },
            loggers.CreateLogger<SipTransportLayer>(),
            time,
            trace: _trace);

        var settings = new RegistrarSettings
        {
            Realm = registrar.Realm,
            DefaultExpires = TimeSpan.FromSeconds(registrar.DefaultExpiresSeconds),
            MinExpires = TimeSpan.FromSeconds(registrar.MinExpiresSeconds),
            MaxExpires = TimeSpan.FromSeconds(registrar.MaxExpiresSeconds),
            NonceLifetime = TimeSpan.FromSeconds(registrar.NonceLifetimeSeconds),
            KeepAliveInterval = TimeSpan.FromSeconds(registrar.KeepAliveSeconds),
            Extensions = new Dictionary<string, string>(registrar.Extensions, StringComparer.Ordinal),
        };

        // Who may call in without digest is the settings' Trunks; the dialplan's trunks of the same name add what the
        // call centre needs (kind, 110 incident header, where to place outgoing calls).
        var trusted = trunks.Trunks.Select(t => TrustedPeer.Create(
            t.Name,
            t.Address,
            t.Kind == TrunkDefinition.EmergencyKind ? TrustedPeerKind.Emergency : TrustedPeerKind.Carrier)).ToList();
        var peers = new TrustedPeers(trusted);

        // Nonces are stateless HMACs; a per-process secret is enough for one node (scale-out will share it via config).
        var nonces = new NonceService(NonceService.CreateSecret(), time, settings.NonceLifetime);
        var algorithms = registrar.DigestAlgorithms.Select(a => a == "MD5" ? DigestAlgorithm.Md5 : DigestAlgorithm.Sha256).ToList();
        Authenticator = new SipRequestAuthenticator(
            settings.Realm, settings.Extensions, peers, nonces, time, loggers.CreateLogger<SipRequestAuthenticator>(), algorithms);
        Extensions = new HashSet<string>(settings.Extensions.Keys, StringComparer.Ordinal);
        Locations = new InMemoryLocationStore(time);
        Registrar = new SipRegistrar(settings, Authenticator, Locations, time, loggers.CreateLogger<SipRegistrar>());

        Router = new CallRouter(this, hotline, center, loggers.CreateLogger<CallRouter>());
        UserAgent = new SipUserAgentCore(
            Transport,
            _wheel,
            Router,
            new SipUserAgentOptions
            {
                SessionExpires = TimeSpan.FromSeconds(sip.SessionExpiresSeconds),
                MinSessionExpires = TimeSpan.FromSeconds(sip.MinSeSeconds),
            },
            new SipTimerOptions
            {
                T1 = TimeSpan.FromMilliseconds(sip.T1Ms),
                T2 = TimeSpan.FromMilliseconds(sip.T2Ms),
                T4 = TimeSpan.FromMilliseconds(sip.T4Ms),
            },
            loggers);

        _keepAlive = new RegistrationKeepAlive(
            settings,
            Locations,
            new OptionsKeepAliveProbe(UserAgent.Transactions, settings.Realm),
            time,
            loggers.CreateLogger<RegistrationKeepAlive>());
    }

    public SipTransportLayer Transport { get; }

    public SipUserAgentCore UserAgent { get; }

    public SipRequestAuthenticator Authenticator { get; }

    public ILocationStore Locations { get; }

    /// <summary>The configured agent extensions (callable, and allowed to register).</summary>
    public IReadOnlySet<string> Extensions { get; }

    public SipRegistrar Registrar { get; }

    public CallRouter Router { get; }

    public MediaEngine Media { get; }

    public void Start()
    {
        Transport.Start(UserAgent.Transactions);
        _keepAlive.Start();
    }

    /// <summary>The address to put in SDP c= lines for a call arriving from <paramref name="source"/>.</summary>
    public string MediaAddressFor(SipRemote source) => Transport.GetSentBy(source.Transport, source.EndPoint.Address).Host;

    /// <summary>Where RTP sockets bind: the SIP listen address (0.0.0.0 means every interface).</summary>
    public IPAddress MediaBindAddress { get; private set; } = IPAddress.Any;

    /// <summary>Media for a new call from <paramref name="source"/>: RTP bound like SIP, SDP naming the address the caller reached.</summary>
    public CallMedia CreateCallMedia(string callId, SipRemote source) => Media.CreateCall(callId, MediaBindAddress, MediaAddressFor(source));

    public IPEndPoint? LocalEndPoint(SipTransportKind kind) => Transport.GetLocalEndPoint(kind);

    public async ValueTask DisposeAsync()
    {
        _keepAlive.Dispose();
        await Transport.DisposeAsync().ConfigureAwait(false);
        UserAgent.Transactions.Dispose();
        _wheel.Dispose();
        Media.Dispose();
        if (_trace is not null)
        {
            await _trace.DisposeAsync().ConfigureAwait(false);
        }
    }
}
