using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Options;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Sip;

/// <summary>
/// Runs the SIP stack inside the ASP.NET Core host: builds it from the validated options at start and
/// closes sockets and timers at stop.
/// </summary>
internal sealed partial class SipServerHostedService : IHostedService, IAsyncDisposable
{
    private readonly SipOptions _sip;
    private readonly RegistrarOptions _registrar;
    private readonly TrunkOptions _trunks;
    private readonly HotlineOptions _hotline;
    private readonly MediaEngineOptions _media;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HotlineCallCenter? _center;
    private SipStack? _stack;

    public SipServerHostedService(
        IOptions<SipOptions> sip,
        IOptions<RegistrarOptions> registrar,
        IOptions<TrunkOptions> trunks,
        IOptions<HotlineOptions> hotline,
        IOptions<MediaEngineOptions> media,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        HotlineCallCenter? center = null)
    {
        _center = center;
        _sip = sip.Value;
        _registrar = registrar.Value;
        _trunks = trunks.Value;
        _hotline = hotline.Value;
        _media = media.Value;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<SipServerHostedService>();
    }

    /// <summary>The running stack (null before start and after stop); exposed for in-process tests.</summary>
    internal SipStack? Stack => _stack;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ToString on the options redacts passwords, so logging them whole is safe.
        LogConfiguration(_logger, _sip, _registrar, _trunks, _hotline);
        var stack = new SipStack(_sip, _registrar, _trunks, _hotline, _media, _loggerFactory, _timeProvider, _center);
        if (_center is not null)
        {
            _center.Stack = stack;
        }

        stack.Start();
        _stack = stack;
        LogStarted(_logger, _sip.ListenAddress, _sip.Port, _sip.EnableUdp, _sip.EnableTcp, string.Join(",", _hotline.ServiceNumbers));
        LogMediaReceive(_logger, stack.Media.Receivers.Mode.ToString(), stack.Media.Receivers.ThreadCount, _media.ReceiveLoop.ToString());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync().ConfigureAwait(false);
        LogStopped(_logger, _sip.ListenAddress, _sip.Port, _timeProvider.GetUtcNow());
    }

    public async ValueTask DisposeAsync()
    {
        var stack = Interlocked.Exchange(ref _stack, null);
        if (stack is not null)
        {
            await stack.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "SIP server listening on {Address}:{Port} (UDP {Udp}, TCP {Tcp}); service numbers {ServiceNumbers}")]
    private static partial void LogStarted(ILogger logger, string address, int port, bool udp, bool tcp, string serviceNumbers);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SIP server on {Address}:{Port} stopped at {StoppedAt:o}")]
    private static partial void LogStopped(ILogger logger, string address, int port, DateTimeOffset stoppedAt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "RTP read by the {ReceiveLoop} receive loop ({ReceiveThreads} threads; Media:ReceiveLoop={Configured})")]
    private static partial void LogMediaReceive(ILogger logger, string receiveLoop, int receiveThreads, string configured);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Configuration: {Sip}; {Registrar}; {Trunks}; {Hotline}")]
    private static partial void LogConfiguration(ILogger logger, SipOptions sip, RegistrarOptions registrar, TrunkOptions trunks, HotlineOptions hotline);
}
