using System.Collections.Concurrent;
using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.Server.Web.AgentDesk;

/// <summary>
/// Callback tasks waiting in a queue, from the event feed: from CallEnqueued "callback" (or "callback-retry": back for
/// another attempt, or resumed after a restart) until an agent answers one or it is closed. A task whose offer is
/// ringing an agent stays listed with that agent (it comes back to everyone if the agent does not answer).
/// </summary>
public sealed class CallbackTaskList
{
    private readonly ConcurrentDictionary<string, PendingCallback> _tasks = new(StringComparer.Ordinal);

    public void Apply(AcdEvent evt)
    {
        if (evt.CallId is not { } callId)
        {
            return;
        }

        switch (evt.Kind)
        {
            case AcdEventKind.CallEnqueued when evt.Detail is "callback" or "callback-retry" && evt.QueueId is { } queue:
                _tasks[callId] = new PendingCallback(callId, queue, evt.At, null);
                break;
            case AcdEventKind.CallOffered:
                SetOfferedTo(callId, evt.AgentId);
                break;
            case AcdEventKind.OfferMissed:
            case AcdEventKind.OfferRejected:
            case AcdEventKind.OfferCancelled:
                SetOfferedTo(callId, null);
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

    /// <summary>The waiting tasks, oldest first.</summary>
    public IReadOnlyList<PendingCallback> Pending() => [.. _tasks.Values.OrderBy(t => t.Since)];

    // The feed is read by one reader, so a task is never changed by two events at once.
    private void SetOfferedTo(string callId, string? agentId)
    {
        if (_tasks.TryGetValue(callId, out var task))
        {
            _tasks[callId] = task with { OfferedTo = agentId };
        }
    }
}

/// <summary>A waiting callback task: its queue, since when it waits, and the agent its offer is ringing (null: none).</summary>
public sealed record PendingCallback(string TaskId, string Queue, DateTimeOffset Since, string? OfferedTo);
