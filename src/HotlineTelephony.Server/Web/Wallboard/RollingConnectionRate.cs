using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.Server.Web.Wallboard;

/// <summary>
/// Connection rate over the rolling 24 h (R-TEL-02), kept live: each inbound caller's queue visit, once it has an
/// outcome, counts while its CallEnqueued time is within the last 24 h, exactly as MetricsFold counts it over the
/// window [now − 24 h, now] (a call belongs to the window of its entry; short abandons are not counted). Outcomes
/// leave the sums in order of entry time. Not thread-safe: one writer, like the fold.
/// </summary>
public sealed class RollingConnectionRate
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly Dictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Outcome, long> _outcomes = new();
    private readonly Dictionary<string, Sums> _queues = new(StringComparer.Ordinal);
    private Sums _global;

    public void Apply(AcdEvent evt)
    {
        switch (evt.Kind)
        {
            case AcdEventKind.CallEnqueued when evt.CallId is { } callId && evt.QueueId is { } queueId:
                _waiting[callId] = new Waiting(queueId, evt.At, evt.Detail == "callback");
                break;
            case AcdEventKind.OfferAnswered:
                Close(evt, answered: true, counted: true);
                break;
            case AcdEventKind.CallAbandoned:
                Close(evt, answered: false, counted: evt.Detail != "short");
                break;
            case AcdEventKind.CallbackRequested:
            case AcdEventKind.VoiceMessageChosen: // the wait ends when the caller chooses; VoiceMessageLeft is the stored message
            case AcdEventKind.SmsLinkSent:
                Close(evt, answered: false, counted: true);
                break;
        }
    }

    /// <summary>Answered / counted outcomes of the last 24 h for <paramref name="queueId"/> (null: every queue).</summary>
    public double? Rate(string? queueId, DateTimeOffset now)
    {
        Expire(now);
        var sums = queueId is null ? _global : _queues.GetValueOrDefault(queueId);
        return sums.Counted <= 0 ? null : (double)sums.Answered / sums.Counted;
    }

    private void Close(AcdEvent evt, bool answered, bool counted)
    {
        if (evt.CallId is not { } callId || !_waiting.Remove(callId, out var call) || call.IsCallbackTask)
        {
            return;
        }

        var outcome = new Outcome(call.QueueId, answered ? 1 : 0, counted ? 1 : 0);
        _outcomes.Enqueue(outcome, call.EnqueuedAt.UtcTicks);
        Add(outcome, +1);
    }

    private void Expire(DateTimeOffset now)
    {
        long from = (now - Window).UtcTicks;
        while (_outcomes.TryPeek(out var outcome, out long enqueuedAt) && enqueuedAt < from)
        {
            _outcomes.Dequeue();
            Add(outcome, -1);
        }
    }

    private void Add(Outcome outcome, int sign)
    {
        var sums = _queues.GetValueOrDefault(outcome.QueueId);
        sums.Answered += sign * outcome.Answered;
        sums.Counted += sign * outcome.Counted;
        _queues[outcome.QueueId] = sums;
        _global.Answered += sign * outcome.Answered;
        _global.Counted += sign * outcome.Counted;
    }

    private readonly record struct Waiting(string QueueId, DateTimeOffset EnqueuedAt, bool IsCallbackTask);

    private readonly record struct Outcome(string QueueId, int Answered, int Counted);

    private struct Sums
    {
        public long Answered;
        public long Counted;
    }
}
