namespace HotlineTelephony.CallCenter.Grains;

/// <summary>Where reminders outlive activations (and, with a persistent store, restarts).</summary>
public interface IReminderStore
{
    ValueTask UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes the reminder; returns false when there was none.</summary>
    ValueTask<bool> RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default);
}
