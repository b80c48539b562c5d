using System.Collections.Concurrent;

namespace HotlineTelephony.CallCenter.Grains;

/// <summary>Reminders kept for the life of the process: they survive deactivation, not a restart.</summary>
public sealed class InMemoryReminderStore : IReminderStore
{
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), ReminderEntry> _entries = new();

    public ValueTask UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        _entries[(entry.Grain, entry.Name)] = entry;
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_entries.TryRemove((grain, name), out _));

    public ValueTask<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<ReminderEntry>>([.. _entries.Values]);
}
