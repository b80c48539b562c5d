using System.Net;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.Transports;

/// <summary>Transport log events, ids 1100–1199. Only off-hot-path events: start/stop, failures, connection lifecycle.</summary>
internal static partial class SipTransportLog
{
    [LoggerMessage(1100, LogLevel.Information, "SIP {Transport} listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string transport, EndPoint endPoint);

    [LoggerMessage(1101, LogLevel.Warning, "UDP receive failed; the receive loop continues")]
    public static partial void UdpReceiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(1102, LogLevel.Error, "The message sink threw for a message from {Remote}")]
    public static partial void SinkFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(1103, LogLevel.Debug, "TCP connection {ConnectionId} {Direction} {Remote}")]
    public static partial void ConnectionOpened(ILogger logger, long connectionId, string direction, EndPoint remote);

    [LoggerMessage(1104, LogLevel.Debug, "TCP connection {ConnectionId} to {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, long connectionId, EndPoint remote, string reason);

    [LoggerMessage(1105, LogLevel.Warning, "Refused TCP connection from {Remote}: {Limit} connections open")]
    public static partial void ConnectionLimit(ILogger logger, EndPoint remote, int limit);

    [LoggerMessage(1106, LogLevel.Warning, "Stream framing error from {Remote}: {Error}; closing the connection")]
    public static partial void FramingError(ILogger logger, string remote, string error);

    [LoggerMessage(1107, LogLevel.Warning, "Send queue of TCP connection {ConnectionId} to {Remote} is over {Limit} bytes; closing it")]
    public static partial void SendQueueFull(ILogger logger, long connectionId, EndPoint remote, int limit);

    [LoggerMessage(1108, LogLevel.Warning, "Accept failed on the TCP listener")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(1109, LogLevel.Warning, "Sending a {Size}-byte request over UDP to {Remote}: over the MTU threshold and TCP is disabled, so it may be fragmented")]
    public static partial void LargeUdpRequest(ILogger logger, int size, string remote);

    [LoggerMessage(1110, LogLevel.Warning, "Writing the SIP trace to {File} failed; tracing stops")]
    public static partial void TraceFailed(ILogger logger, string file, Exception exception);

    [LoggerMessage(1111, LogLevel.Debug, "Could not send an error response to {Remote}")]
    public static partial void ErrorResponseFailed(ILogger logger, string remote, Exception exception);
}
