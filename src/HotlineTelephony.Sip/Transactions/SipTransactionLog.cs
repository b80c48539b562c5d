using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>Transaction layer log events, ids 1200–1299.</summary>
internal static partial class SipTransactionLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Response {StatusCode} for {Method} from {Source} matched no client transaction")]
    public static partial void StrayResponse(ILogger logger, int statusCode, string method, SipRemote source);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "{Method} transaction {Branch} timed out (Timer {Timer})")]
    public static partial void TimedOut(ILogger logger, string method, string branch, string timer);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Sending on {Method} transaction {Branch} to {Remote} failed; the transaction ends")]
    public static partial void SendFailed(ILogger logger, string method, string branch, SipRemote remote, Exception exception);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Sending ACK on INVITE transaction {Branch} to {Remote} failed")]
    public static partial void AckSendFailed(ILogger logger, string branch, SipRemote remote, Exception exception);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "CANCEL from {Source} matched no INVITE transaction; answered 481")]
    public static partial void CancelUnmatched(ILogger logger, SipRemote source);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "Handling a message from {Source} failed")]
    public static partial void DispatchFailed(ILogger logger, SipRemote source, Exception exception);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Debug, Message = "Dropped a message from {Source} without a usable top Via or CSeq")]
    public static partial void Unmatchable(ILogger logger, SipRemote source);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "No ACK for the final response on INVITE transaction {Branch} from {Source} (Timer H)")]
    public static partial void AckTimedOut(ILogger logger, string branch, SipRemote source);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "Retransmitting a 2xx to {Remote} failed")]
    public static partial void TwoXxRetransmitFailed(ILogger logger, SipRemote remote, Exception exception);
}
