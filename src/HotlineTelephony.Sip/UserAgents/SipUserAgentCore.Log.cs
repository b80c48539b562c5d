using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.UserAgents;

public sealed partial class SipUserAgentCore
{
    /// <summary>UA-core log events, ids 1350–1399 (1400–1449 are the registrar's); every message names the Call-ID.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 1350, Level = LogLevel.Debug, Message = "Call {CallId}: INVITE from {From} to {RequestUri}")]
        public static partial void IncomingInvite(ILogger logger, string callId, string from, string requestUri);

        [LoggerMessage(EventId = 1351, Level = LogLevel.Debug, Message = "Call {CallId}: cancelled by the caller")]
        public static partial void Cancelled(ILogger logger, string callId);

        [LoggerMessage(EventId = 1352, Level = LogLevel.Error, Message = "Call {CallId}: handling {Method} failed; answered 500")]
        public static partial void RequestFailed(ILogger logger, string callId, string method, Exception error);

        [LoggerMessage(EventId = 1353, Level = LogLevel.Warning, Message = "Call {CallId}: could not send {Method}")]
        public static partial void StatelessSendFailed(ILogger logger, string callId, string method, Exception error);

        [LoggerMessage(EventId = 1354, Level = LogLevel.Debug, Message = "Call {CallId}: cancelling our INVITE (reason '{Reason}')")]
        public static partial void Cancelling(ILogger logger, string callId, string reason);
    }
}
