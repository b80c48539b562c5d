using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Grains;

internal static partial class GrainRuntimeLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Debug, Message = "Grain {Grain} activated")]
    public static partial void Activated(ILogger logger, string grain);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Grain {Grain} deactivated")]
    public static partial void Deactivated(ILogger logger, string grain);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Grain {Grain} failed to activate")]
    public static partial void ActivationFailed(ILogger logger, string grain, Exception exception);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "One-way call {Method} on grain {Grain} failed")]
    public static partial void OneWayFailed(ILogger logger, string method, string grain, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Timer of grain {Grain} failed")]
    public static partial void TimerFailed(ILogger logger, string grain, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Reminder {Reminder} of grain {Grain} failed")]
    public static partial void ReminderFailed(ILogger logger, string reminder, string grain, Exception exception);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Deactivating grain {Grain} failed")]
    public static partial void DeactivationFailed(ILogger logger, string grain, Exception exception);
}
