using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>Log messages of the records subsystem (event ids 7100–7199).</summary>
internal static partial class RecordsLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning,
        Message = "Records write to {Store} failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void WriteRetrying(ILogger logger, string store, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error,
        Message = "Gave up writing {Count} ACD events (sequence {FirstSequence}–{LastSequence}) after {Attempts} attempts; they are not in the event log")]
    public static partial void EventBatchFailed(ILogger logger, int count, long firstSequence, long lastSequence, int attempts, Exception exception);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error,
        Message = "Gave up saving call record {CallId} after {Attempts} attempts")]
    public static partial void CallRecordSaveFailed(ILogger logger, string callId, int attempts, Exception exception);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information,
        Message = "ACD event log opened; sequence continues after {LastSequence}")]
    public static partial void EventLogOpened(ILogger logger, long lastSequence);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Error,
        Message = "Call record writer could not save call record {CallId}; see the store's error")]
    public static partial void WriterSaveFailed(ILogger logger, string callId, Exception? exception);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Error,
        Message = "Gave up writing {Key} to {Store} after {Attempts} attempts")]
    public static partial void StoreWriteFailed(ILogger logger, string store, string key, int attempts, Exception exception);
}
