using HotlineTelephony.CallCenter.Calls;

namespace HotlineTelephony.CallCenter.Callbacks;

/// <summary>A callback task as its store keeps it: the task, how far it got, and when it changed.</summary>
public sealed record StoredCallbackTask(
    CallbackTask Task,
    CallbackTaskStatus Status,
    string? LastOutcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string Id => Task.Id;
}
