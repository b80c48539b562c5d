using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>Dialplan log messages; event ids 4600–4619 are reserved for dialplans.</summary>
internal static partial class DialplanLog
{
    [LoggerMessage(EventId = 4600, Level = LogLevel.Information, Message = "Dialplan {Generation} loaded from {Folder}: {Numbers} numbers, {Queues} queues, {Agents} agents, policy {Policy}")]
    public static partial void Loaded(ILogger logger, long generation, string folder, int numbers, int queues, int agents, string policy);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Error, Message = "Dialplan reload from {Folder} refused with {ErrorCount} errors; dialplan {Generation} keeps serving")]
    public static partial void ReloadRefused(ILogger logger, string folder, int errorCount, long generation);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Error, Message = "Dialplan error: {DialplanError}")]
    public static partial void Error(ILogger logger, string dialplanError);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Debug, Message = "Dialplan folder {Folder} changed ({ChangeType} {Path}); reloading after the debounce")]
    public static partial void Changed(ILogger logger, string folder, string changeType, string path);

    [LoggerMessage(EventId = 4604, Level = LogLevel.Warning, Message = "Dialplan folder watcher for {Folder} failed; reload with the API until it is restarted")]
    public static partial void WatcherFailed(ILogger logger, Exception exception, string folder);

    [LoggerMessage(EventId = 4605, Level = LogLevel.Error, Message = "Dialplan reload from {Folder} failed unexpectedly; the current dialplan keeps serving")]
    public static partial void ReloadFailed(ILogger logger, Exception exception, string folder);
}
