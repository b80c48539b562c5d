namespace HotlineTelephony.CallCenter.Grains;

/// <summary>One durable reminder: it fires first at <see cref="FirstTickTime"/> and then every <see cref="Period"/>.</summary>
public sealed record ReminderEntry(GrainId Grain, string Name, DateTimeOffset FirstTickTime, TimeSpan Period);
