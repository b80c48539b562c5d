namespace HotlineTelephony.CallCenter.Grains;

/// <summary>Implemented by grains that register reminders; a tick reactivates the grain if it was deactivated.</summary>
public interface IRemindable
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>When a reminder was due and when it actually ticked.</summary>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
