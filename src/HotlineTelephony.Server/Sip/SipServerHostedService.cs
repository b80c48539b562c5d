using HotlineTelephony.Server.Options;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Sip;

/// <summary>
/// The seam between the ASP.NET Core host and the SIP stack in HotlineTelephony.Sip: it is handed everything the
/// stack needs (validated options, a logger factory, the clock) so the stack itself never reads configuration.
/// </summary>
internal sealed partial class SipServerHostedService : IHostedService
{
    private readonly SipOptions _sip;
    private readonly RegistrarOptions _registrar;
    private readonly TrunkOptions _trunks;
    private readonly HotlineOptions _hotline;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SipServerHostedService(
        IOptions<SipOptions> sip,
        IOptions<RegistrarOptions> registrar,
        IOptions<TrunkOptions> trunks,
        IOptions<HotlineOptions> hotline,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
    {
        _sip = sip.Value;
        _registrar = registrar.Value;
        _trunks = trunks.Value;
        _hotline = hotline.Value;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<SipServerHostedService>();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ToString on the options redacts passwords, so logging them whole is safe.
        LogConfiguration(_logger, _sip, _registrar, _trunks, _hotline);
        LogStarting(_logger, _sip.ListenAddress, _sip.Port);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopped(_logger, _sip.ListenAddress, _sip.Port, _timeProvider.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <summary>The logger factory the SIP stack will create its per-subsystem loggers from.</summary>
    internal ILoggerFactory LoggerFactory => _loggerFactory;

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "SIP server starting on {Address}:{Port}")]
    private static partial void LogStarting(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SIP server on {Address}:{Port} stopped at {StoppedAt:o}")]
    private static partial void LogStopped(ILogger logger, string address, int port, DateTimeOffset stoppedAt);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Configuration: {Sip}; {Registrar}; {Trunks}; {Hotline}")]
    private static partial void LogConfiguration(ILogger logger, SipOptions sip, RegistrarOptions registrar, TrunkOptions trunks, HotlineOptions hotline);
}
