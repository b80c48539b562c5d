using System.Collections.Concurrent;
using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.Server.Web.AgentDesk;

/// <summary>Callback tasks waiting in a queue (CallEnqueued "callback" until answered or closed), from the event feed.</summary>
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
            case AcdEventKind.CallEnqueued when evt.Detail == "callback" && evt.QueueId is { } queue:
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

    public IReadOnlyList<(string TaskId, string Queue, DateTimeOffset Since)> Pending() =>
        [.. _tasks.Select(t => (t.Key, t.Value.Queue, t.Value.Since)).OrderBy(t => t.Since)];
}
