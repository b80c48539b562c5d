using System.Collections.Concurrent;
using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.Server.Web.AgentDesk;

/// <summary>
/// Callback tasks waiting in a queue, from the event feed: from CallEnqueued "callback" (or "callback-retry": back for
/// another attempt, or resumed after a restart) until an agent answers one or it is closed.
/// </summary>
public sealed class CallbackTaskList
{
    private readonly ConcurrentDictionary<string, (string Queue, DateTimeOffset Since)> _tasks = new(StringComparer.Ordinal);

    public void Apply(AcdEvent evt)
    {
        if (evt.CallId is not { } callId)
        {
            return;
        }

        switch (evt.Kind)
        {
            case AcdEventKind.CallEnqueued when evt.Detail is "callback" or "callback-retry" && evt.QueueId is { } queue:
                _tasks[callId] = (queue, evt.At);
                break;
            case AcdEventKind.CallEnqueued:
            case AcdEventKind.OfferAnswered:
            case AcdEventKind.CallAbandoned:
            case AcdEventKind.CallEnded:
            case AcdEventKind.CallbackCompleted:
            case AcdEventKind.CallbackFailed:
                _tasks.TryRemove(callId, out _);
                break;
        }
    }

    /// <summary>The queue of a waiting task; null when the list does not have it.</summary>
    public string? QueueOf(string taskId) => _tasks.TryGetValue(taskId, out var task) ? task.Queue : null;

    public IReadOnlyList<(string TaskId, string Queue, DateTimeOffset Since)> Pending() =>
        [.. _tasks.Select(t => (t.Key, t.Value.Queue, t.Value.Since)).OrderBy(t => t.Since)];
}
