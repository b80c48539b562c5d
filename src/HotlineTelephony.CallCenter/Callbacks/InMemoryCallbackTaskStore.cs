using System.Collections.Concurrent;

namespace HotlineTelephony.CallCenter.Callbacks;

/// <summary>Callback tasks in memory (tests, and hosts that do not persist them).</summary>
public sealed class InMemoryCallbackTaskStore : ICallbackTaskStore
{
    private readonly ConcurrentDictionary<string, StoredCallbackTask> _tasks = new(StringComparer.Ordinal);

    public Task SaveAsync(StoredCallbackTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        _tasks.AddOrUpdate(task.Id, task, (_, old) => task with { CreatedAt = old.CreatedAt });
        return Task.CompletedTask;
    }

    public Task<StoredCallbackTask?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_tasks.GetValueOrDefault(id));

    public Task<IReadOnlyList<StoredCallbackTask>> ListAsync(bool openOnly, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredCallbackTask>>([.. _tasks.Values
            .Where(t => !openOnly || t.Status == CallbackTaskStatus.Open)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)]);
}
