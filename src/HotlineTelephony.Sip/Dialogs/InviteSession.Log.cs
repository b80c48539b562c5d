using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.Dialogs;

public sealed partial class InviteSession
{
    /// <summary>Dialog-layer log events, ids 1300–1399; every message names the Call-ID.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Call {CallId}: INVITE to {Target} via {Destination}")]
        public static partial void Inviting(ILogger logger, string callId, string target, string destination);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Call {CallId}: answered")]
        public static partial void Answered(ILogger logger, string callId);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Call {CallId}: ACK received, session confirmed")]
        public static partial void Confirmed(ILogger logger, string callId);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "Call {CallId}: terminated ({Reason}, {StatusCode})")]
        public static partial void Terminated(ILogger logger, string callId, TerminationReason reason, int statusCode);

        [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Call {CallId}: no ACK for our 2xx within 64*T1; sending BYE")]
        public static partial void AckTimeout(ILogger logger, string callId);

        [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Call {CallId}: ACK carried no SDP answer to the offer in our 2xx")]
        public static partial void AckWithoutAnswer(ILogger logger, string callId);

        [LoggerMessage(EventId = 1306, Level = LogLevel.Debug, Message = "Call {CallId}: BYE received")]
        public static partial void RemoteBye(ILogger logger, string callId);

        [LoggerMessage(EventId = 1307, Level = LogLevel.Debug, Message = "Call {CallId}: re-INVITE glare, answered 491")]
        public static partial void Glare(ILogger logger, string callId);

        [LoggerMessage(EventId = 1308, Level = LogLevel.Debug, Message = "Call {CallId}: our re-INVITE got 491, retrying in {Delay}")]
        public static partial void GlareRetry(ILogger logger, string callId, TimeSpan delay);

        [LoggerMessage(EventId = 1309, Level = LogLevel.Debug, Message = "Call {CallId}: session interval {Interval} s, we refresh: {WeRefresh}")]
        public static partial void SessionTimer(ILogger logger, string callId, int interval, bool weRefresh);

        [LoggerMessage(EventId = 1310, Level = LogLevel.Debug, Message = "Call {CallId}: session refresh with {Method}")]
        public static partial void Refreshing(ILogger logger, string callId, string method);

        [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Call {CallId}: session expired after {Interval} s without a refresh; sending BYE")]
        public static partial void SessionExpired(ILogger logger, string callId, int interval);

        [LoggerMessage(EventId = 1312, Level = LogLevel.Information, Message = "Call {CallId}: releasing forked 2xx from tag {RemoteTag} with ACK and BYE")]
        public static partial void ForkReleased(ILogger logger, string callId, string remoteTag);

        [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Call {CallId}: no answer to the offer in the 2xx; ACK then BYE")]
        public static partial void NoAnswerForOffer(ILogger logger, string callId);

        [LoggerMessage(EventId = 1314, Level = LogLevel.Warning, Message = "Call {CallId}: could not send {Method}")]
        public static partial void TransportError(ILogger logger, string callId, string method, Exception error);

        [LoggerMessage(EventId = 1315, Level = LogLevel.Error, Message = "Call {CallId}: an application handler threw")]
        public static partial void HandlerThrew(ILogger logger, string callId, Exception error);
    }
}
