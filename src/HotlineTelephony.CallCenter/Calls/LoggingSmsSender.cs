using HotlineTelephony.CallCenter.Acd;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Calls;

/// <summary>The default until an SMS gateway is configured: logs what would have been sent.</summary>
public sealed class LoggingSmsSender : ISmsSender
{
    private readonly ILogger<LoggingSmsSender> _logger;

    public LoggingSmsSender(ILogger<LoggingSmsSender> logger) => _logger = logger;

    public ValueTask SendOnlineChannelLinkAsync(string callId, string callerNumber, CancellationToken cancellationToken = default)
    {
        AcdLog.SmsLinkNotSent(_logger, callId, callerNumber);
        return ValueTask.CompletedTask;
    }
}
