namespace HotlineTelephony.CallCenter.Callbacks;

/// <summary>
/// Where callback tasks outlive the process (SQLite in the records database by default; Redis when nodes share work).
/// The call grain of a task saves it on every change; after a restart the open ones are resumed
/// (<see cref="CallbackRecovery"/>). Implementations retry failed writes and throw when they give up.
/// </summary>
public interface ICallbackTaskStore
{
    /// <summary>Inserts or replaces the task with <see cref="StoredCallbackTask.Id"/> (CreatedAt of an existing row is kept).</summary>
    Task SaveAsync(StoredCallbackTask task, CancellationToken cancellationToken = default);

    Task<StoredCallbackTask?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Tasks by creation time, oldest first; only the open ones when <paramref name="openOnly"/>.</summary>
    Task<IReadOnlyList<StoredCallbackTask>> ListAsync(bool openOnly, CancellationToken cancellationToken = default);
}
