using HotlineTelephony.CallCenter.Calls;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Acd;

internal static partial class AcdLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Agent {AgentId} logged in on {Extension}")]
    public static partial void AgentLoggedIn(ILogger logger, string agentId, string extension);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Agent {AgentId} logged out")]
    public static partial void AgentLoggedOut(ILogger logger, string agentId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Agent {AgentId} missed call {CallId} of queue {QueueId}: {Misses} in a row, set not ready")]
    public static partial void AgentMissedTooMany(ILogger logger, string agentId, string callId, string queueId, int misses);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Agent {AgentId}: no outcome reported for the offer of call {CallId} of queue {QueueId}; offer cancelled")]
    public static partial void OfferWatchdog(ILogger logger, string agentId, string callId, string queueId);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Debug, Message = "Call {CallId} enqueued in {QueueId} at priority {Priority} ({Detail})")]
    public static partial void CallEnqueued(ILogger logger, string callId, string queueId, int priority, string? detail);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Debug, Message = "Call {CallId} left queue {QueueId}: {Exit}")]
    public static partial void CallLeftQueue(ILogger logger, string callId, string queueId, QueueExit exit);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Debug, Message = "Call {CallId}: agent {AgentId} reserved by queue {QueueId} (picked by the agent: {Chosen})")]
    public static partial void AgentReserved(ILogger logger, string callId, string agentId, string queueId, bool chosen);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Information, Message = "Callback task {CallId} for call {OriginalCallId} in queue {QueueId} (missed call: {MissedCall})")]
    public static partial void CallbackCreated(ILogger logger, string callId, string originalCallId, string queueId, bool missedCall);

    [LoggerMessage(EventId = 6120, Level = LogLevel.Information, Message = "Call {CallId} in queue {QueueId} ended: {Disposition} (agent {AgentId})")]
    public static partial void CallEnded(ILogger logger, string callId, string? queueId, string disposition, string? agentId);

    [LoggerMessage(EventId = 6121, Level = LogLevel.Warning, Message = "Call {CallId}: telephony failed while {Operation} (agent {AgentId})")]
    public static partial void TelephonyFailed(ILogger logger, string callId, string operation, string? agentId, Exception exception);

    [LoggerMessage(EventId = 6122, Level = LogLevel.Warning, Message = "Call {CallId}: agent {AgentId} answered but was no longer offered the call; caller back in queue {QueueId}")]
    public static partial void AnswerRefused(ILogger logger, string callId, string agentId, string queueId);

    [LoggerMessage(EventId = 6124, Level = LogLevel.Warning, Message = "Call {CallId}: no outcome reported for ringing agent {AgentId} after the ring timeout; counted as no answer")]
    public static partial void RingNotReported(ILogger logger, string callId, string agentId);

    [LoggerMessage(EventId = 6123, Level = LogLevel.Information, Message = "Call {CallId}: SMS link to the online channels for {CallerNumber} not sent (no SMS gateway configured)")]
    public static partial void SmsLinkNotSent(ILogger logger, string callId, string callerNumber);

    [LoggerMessage(EventId = 6114, Level = LogLevel.Debug, Message = "Agent {AgentId} granted to queue {QueueId} for its best caller {CallId} (round {Round})")]
    public static partial void AgentGranted(ILogger logger, string agentId, string queueId, string callId, int round);

    [LoggerMessage(EventId = 6115, Level = LogLevel.Information, Message = "Callback task {CallId} in queue {QueueId}: attempt {Attempt} of {MaxAttempts} ended {Outcome}; retry in {RetryIn}")]
    public static partial void CallbackRetryScheduled(ILogger logger, string callId, string queueId, int attempt, int maxAttempts, string outcome, TimeSpan retryIn);

    [LoggerMessage(EventId = 6116, Level = LogLevel.Error, Message = "Call {CallId}: could not store {What}")]
    public static partial void StoreFailed(ILogger logger, string callId, string what, Exception exception);

    [LoggerMessage(EventId = 6117, Level = LogLevel.Warning, Message = "Call {CallId}: the open-ticket lookup did not answer within {Timeout} (or failed); queued without the open-ticket priority")]
    public static partial void OpenTicketLookupFailed(ILogger logger, string callId, TimeSpan timeout, Exception? exception);
}
