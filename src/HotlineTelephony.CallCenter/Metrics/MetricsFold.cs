using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Metrics;

/// <summary>
/// The one definition of every queue and agent KPI: a pure fold over <see cref="AcdEvent"/>s in log order. The live
/// wallboard applies events as they are appended; the audit replays the persisted log (<see cref="Replay(IReadOnlyList{AcdEvent}, IReadOnlyDictionary{string, QueueDefinition})"/>);
/// both give the same counters because both run this code over the same events. Only integers and tick counts are
/// accumulated. Not thread-safe: one writer applies events, snapshots are immutable. Definitions: docs/metrics.md.
/// </summary>
public sealed class MetricsFold
{
    /// <summary>Threshold for a queue that is not in the definitions given (the QueueDefinition default, R-TEL-01).</summary>
    public const int DefaultServiceLevelSeconds = 15;

    private readonly IReadOnlyDictionary<string, QueueDefinition> _definitions;
    private readonly MetricsWindow _window;
    private readonly SortedDictionary<string, QueueAccumulator> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WaitingCall> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallRef> _talking = new(StringComparer.Ordinal);
    private readonly Dictionary<(string CallId, string AgentId), CallRef> _openOffers = [];
    private readonly Dictionary<string, AgentTrack> _agents = new(StringComparer.Ordinal);

    // Callback task id → queue, from its first CallEnqueued "callback" to its CallEnded; voice message call id → queue,
    // from VoiceMessageLeft to VoiceMessageHandled. Both are "now" values, whatever the window.
    private readonly Dictionary<string, string> _pendingCallbacks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pendingVoiceMessages = new(StringComparer.Ordinal);
    private readonly int[] _agentCounts = new int[6];
    private long _lastSequence;
    private long _eventsApplied;
    private long _violations;

    public MetricsFold(IReadOnlyDictionary<string, QueueDefinition> queues, MetricsWindow? window = null)
    {
        ArgumentNullException.ThrowIfNull(queues);
        _definitions = queues;
        _window = window ?? MetricsWindow.Unbounded;
        foreach (var queueId in queues.Keys)
        {
            GetQueue(queueId);
        }
    }

    public MetricsWindow Window => _window;

    public long LastSequence => _lastSequence;

    /// <summary>Replays a whole log (in sequence order) over an unbounded window; "now" is the last event's time.</summary>
    public static MetricsSnapshot Replay(IReadOnlyList<AcdEvent> events, IReadOnlyDictionary<string, QueueDefinition> queues) =>
        Replay(events, queues, MetricsWindow.Unbounded);

    /// <summary>Replays a whole log (in sequence order); <paramref name="now"/> defaults to the last event's time.</summary>
    public static MetricsSnapshot Replay(
        IReadOnlyList<AcdEvent> events,
        IReadOnlyDictionary<string, QueueDefinition> queues,
        MetricsWindow window,
        DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fold = new MetricsFold(queues, window);
        for (var i = 0; i < events.Count; i++)
        {
            fold.Apply(events[i]);
        }

        return fold.Snapshot(now ?? (events.Count > 0 ? events[^1].At : DateTimeOffset.UnixEpoch));
    }

    /// <summary>Reads the whole persisted log (after its pending writes) and replays it: the offline audit.</summary>
    public static async Task<MetricsSnapshot> ReplayAsync(
        IAcdEventLog log,
        IReadOnlyDictionary<string, QueueDefinition> queues,
        MetricsWindow window,
        DateTimeOffset? now = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        var events = await log.ReadAsync(0, cancellationToken).ConfigureAwait(false);
        return Replay(events, queues, window, now);
    }

    public void Apply(AcdEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        _eventsApplied++;
        if (evt.Sequence > _lastSequence)
        {
            _lastSequence = evt.Sequence;
        }

        switch (evt.Kind)
        {
            case AcdEventKind.CallEnqueued:
                OnEnqueued(evt);
                break;
            case AcdEventKind.CallOffered:
                OnOffered(evt);
                break;
            case AcdEventKind.OfferAnswered:
                OnAnswered(evt);
                break;
            case AcdEventKind.OfferMissed:
            case AcdEventKind.OfferRejected:
            case AcdEventKind.OfferCancelled:
                OnOfferClosed(evt);
                break;
            case AcdEventKind.CallAbandoned:
                OnAbandoned(evt);
                break;
            case AcdEventKind.CallbackRequested:
            case AcdEventKind.VoiceMessageChosen:
            case AcdEventKind.SmsLinkSent:
                OnDiverted(evt);
                break;
            case AcdEventKind.VoiceMessageLeft:
            case AcdEventKind.VoiceMessageHandled:
                OnVoiceMessage(evt);
                break;
            case AcdEventKind.CallEnded:
                OnEnded(evt);
                break;
            case AcdEventKind.CallbackCompleted:
            case AcdEventKind.CallbackFailed:
            case AcdEventKind.CallbackDialled:
            case AcdEventKind.CallbackRetryScheduled:
                OnCallbackResult(evt);
                break;
            case AcdEventKind.AgentLoggedIn:
                // Login is followed at once by AgentReady or AgentNotReady; until then the agent is not available.
                SetAgentState(evt.AgentId, AgentState.NotReady, evt.At);
                break;
            case AcdEventKind.AgentLoggedOut:
                SetAgentState(evt.AgentId, AgentState.LoggedOut, evt.At);
                break;
            case AcdEventKind.AgentReady:
            case AcdEventKind.AgentWrapUpEnded:
                SetAgentState(evt.AgentId, AgentState.Ready, evt.At);
                break;
            case AcdEventKind.AgentNotReady:
                SetAgentState(evt.AgentId, AgentState.NotReady, evt.At);
                break;
            case AcdEventKind.AgentWrapUpStarted:
                SetAgentState(evt.AgentId, AgentState.WrapUp, evt.At);
                break;
            default:
                // Arrival, restriction, announcements, hold, third parties, emergency transfer: no queue KPI.
                break;
        }
    }

    public MetricsSnapshot Snapshot(DateTimeOffset now)
    {
        var waiting = new Dictionary<string, (int Callers, int Tasks, DateTimeOffset? Oldest)>(StringComparer.Ordinal);
        foreach (var call in _waiting.Values)
        {
            waiting.TryGetValue(call.QueueId, out var w);
            if (call.IsCallbackTask)
            {
                w.Tasks++;
            }
            else
            {
                w.Callers++;
                if (w.Oldest is not { } oldest || call.EnqueuedAt < oldest)
                {
                    w.Oldest = call.EnqueuedAt;
                }
            }

            waiting[call.QueueId] = w;
        }

        var pendingCallbacks = CountByQueue(_pendingCallbacks);
        var pendingVoiceMessages = CountByQueue(_pendingVoiceMessages);
        var queues = new Dictionary<string, QueueMetrics>(_queues.Count, StringComparer.Ordinal);
        foreach (var (queueId, acc) in _queues)
        {
            waiting.TryGetValue(queueId, out var w);
            var longest = w.Oldest is { } since && now > since ? now - since : TimeSpan.Zero;
            queues[queueId] = acc.ToMetrics(queueId, w.Callers, w.Tasks, w.Oldest, longest) with
            {
                CallbackTasksPending = pendingCallbacks.GetValueOrDefault(queueId),
                VoiceMessagesPending = pendingVoiceMessages.GetValueOrDefault(queueId),
            };
        }

        return new MetricsSnapshot
        {
            At = now,
            Window = _window,
            LastSequence = _lastSequence,
            EventsApplied = _eventsApplied,
            ContractViolations = _violations,
            Queues = queues,
            Agents = new AgentStateCounts(
                _agentCounts[(int)AgentState.Ready],
                _agentCounts[(int)AgentState.NotReady],
                _agentCounts[(int)AgentState.Offered],
                _agentCounts[(int)AgentState.Talking],
                _agentCounts[(int)AgentState.WrapUp]),
        };
    }

    /// <summary>The state an agent is in after the events applied so far (LoggedOut when never seen).</summary>
    public AgentState GetAgentState(string agentId) =>
        _agents.TryGetValue(agentId, out var agent) ? agent.State : AgentState.LoggedOut;

    private void OnEnqueued(AcdEvent evt)
    {
        if (evt.CallId is not { } callId || evt.QueueId is not { } queueId)
        {
            _violations++;
            return;
        }

        var isCallbackTask = evt.Detail is "callback" or "callback-retry";
        if (isCallbackTask)
        {
            _pendingCallbacks[callId] = queueId;
            GetQueue(queueId);
        }

        if (_waiting.TryGetValue(callId, out var previous))
        {
            if (previous.QueueId == queueId && evt.Detail == "callback-retry" && previous.IsCallbackTask)
            {
                // A callback task resumed after a restart while the log still has it waiting: the same wait goes on.
                return;
            }

            if (previous.QueueId == queueId)
            {
                _violations++;
                return;
            }

            // Overflow into another queue: the caller leaves this queue and counts in the next one.
            if (previous.InWindow && !previous.IsCallbackTask)
            {
                GetQueue(previous.QueueId).MovedOut++;
            }
        }

        var call = new WaitingCall(queueId, evt.At, _window.Contains(evt.At), isCallbackTask);
        _waiting[callId] = call;
        if (!call.InWindow)
        {
            return;
        }

        var queue = GetQueue(queueId);
        if (isCallbackTask)
        {
            // A task coming back for another attempt is the same task: counted once, when it was created.
            if (evt.Detail == "callback")
            {
                queue.CallbackTasksEntered++;
            }
        }
        else
        {
            queue.Entered++;
            if (evt.Detail == "reentry")
            {
                queue.Reentered++;
            }
        }
    }

    private void OnOffered(AcdEvent evt)
    {
        if (evt.CallId is not { } callId || evt.AgentId is not { } agentId || !_waiting.TryGetValue(callId, out var call))
        {
            _violations++;
            return;
        }

        _openOffers[(callId, agentId)] = new CallRef(call.QueueId, call.InWindow);
        if (call.InWindow)
        {
            GetQueue(call.QueueId).Offers++;
        }

        SetAgentState(agentId, AgentState.Offered, evt.At);
    }

    private void OnAnswered(AcdEvent evt)
    {
        if (evt.CallId is not { } callId || evt.AgentId is not { } agentId || !_waiting.Remove(callId, out var call))
        {
            // A second answer of the same caller lands here: a double answer is a contract violation.
            _violations++;
            return;
        }

        _openOffers.Remove((callId, agentId));
        _talking[callId] = new CallRef(call.QueueId, call.InWindow, evt.At, agentId);
        SetAgentState(agentId, AgentState.Talking, evt.At);
        if (!call.InWindow)
        {
            return;
        }

        var queue = GetQueue(call.QueueId);
        if (call.IsCallbackTask)
        {
            queue.CallbackTasksAnswered++;
            return;
        }

        var wait = evt.At - call.EnqueuedAt;
        queue.Answered++;
        queue.TotalAnswerWaitTicks += wait.Ticks;
        if (wait <= ServiceLevel(call.QueueId))
        {
            queue.AnsweredWithinServiceLevel++;
        }
    }

    private void OnOfferClosed(AcdEvent evt)
    {
        if (evt.CallId is not { } callId || evt.AgentId is not { } agentId || !_openOffers.Remove((callId, agentId), out var offer))
        {
            _violations++;
            return;
        }

        // The agent's next state comes with its own AgentReady / AgentNotReady event.
        if (!offer.InWindow)
        {
            return;
        }

        var queue = GetQueue(offer.QueueId);
        switch (evt.Kind)
        {
            case AcdEventKind.OfferMissed:
                queue.OffersMissed++;
                break;
            case AcdEventKind.OfferRejected:
                queue.OffersRejected++;
                break;
            default:
                queue.OffersCancelled++;
                break;
        }
    }

    private void OnAbandoned(AcdEvent evt)
    {
        if (evt.CallId is not { } callId || !_waiting.Remove(callId, out var call))
        {
            _violations++;
            return;
        }

        if (!call.InWindow || call.IsCallbackTask)
        {
            return;
        }

        var queue = GetQueue(call.QueueId);
        queue.Abandoned++;
        if (evt.Detail == "short")
        {
            queue.ShortAbandoned++;
        }

        if (evt.At - call.EnqueuedAt <= ServiceLevel(call.QueueId))
        {
            queue.AbandonedWithinServiceLevel++;
        }
    }

    private void OnDiverted(AcdEvent evt)
    {
        if (evt.CallId is not { } callId || !_waiting.Remove(callId, out var call))
        {
            _violations++;
            return;
        }

        if (!call.InWindow || call.IsCallbackTask)
        {
            return;
        }

        var queue = GetQueue(call.QueueId);
        queue.Diverted++;
        switch (evt.Kind)
        {
            case AcdEventKind.CallbackRequested:
                queue.CallbacksRequested++;
                break;
            case AcdEventKind.VoiceMessageChosen:
                queue.VoiceMessagesChosen++;
                break;
            default:
                queue.SmsLinksSent++;
                break;
        }
    }

    private void OnEnded(AcdEvent evt)
    {
        if (evt.CallId is not { } callId)
        {
            _violations++;
            return;
        }

        _pendingCallbacks.Remove(callId);

        if (_waiting.Remove(callId))
        {
            // Ended while still queued: the closing event (answer, abandon, diversion) is missing from the log.
            _violations++;
            return;
        }

        if (!_talking.Remove(callId, out var call))
        {
            // A call that never reached an agent (abandoned, diverted, restricted) ends without handling time.
            return;
        }

        if (call.AgentId is { } agentId && _agents.TryGetValue(agentId, out var agent))
        {
            agent.LastCall = call;
        }

        if (call.InWindow)
        {
            var queue = GetQueue(call.QueueId);
            queue.Handled++;
            queue.TotalHandleTicks += (evt.At - call.AnsweredAt).Ticks;
        }
    }

    private void OnCallbackResult(AcdEvent evt)
    {
        if (evt.QueueId is not { } queueId)
        {
            _violations++;
            return;
        }

        if (!_window.Contains(evt.At))
        {
            return;
        }

        var queue = GetQueue(queueId);
        switch (evt.Kind)
        {
            case AcdEventKind.CallbackCompleted:
                queue.CallbacksCompleted++;
                break;
            case AcdEventKind.CallbackFailed:
                queue.CallbacksFailed++;
                break;
            case AcdEventKind.CallbackDialled:
                queue.CallbackAttempts++;
                break;
            default:
                queue.CallbackRetries++;
                break;
        }
    }

    private void OnVoiceMessage(AcdEvent evt)
    {
        if (evt.CallId is not { } callId || evt.QueueId is not { } queueId)
        {
            _violations++;
            return;
        }

        if (evt.Kind == AcdEventKind.VoiceMessageLeft)
        {
            _pendingVoiceMessages[callId] = queueId;
        }
        else if (!_pendingVoiceMessages.Remove(callId))
        {
            // Handled twice, or a message that was never left.
            _violations++;
            return;
        }

        if (!_window.Contains(evt.At))
        {
            return;
        }

        var queue = GetQueue(queueId);
        if (evt.Kind == AcdEventKind.VoiceMessageLeft)
        {
            queue.VoiceMessagesLeft++;
        }
        else
        {
            queue.VoiceMessagesHandled++;
        }
    }

    private static Dictionary<string, int> CountByQueue(Dictionary<string, string> byCall)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queueId in byCall.Values)
        {
            counts[queueId] = counts.GetValueOrDefault(queueId) + 1;
        }

        return counts;
    }

    private void SetAgentState(string? agentId, AgentState state, DateTimeOffset at)
    {
        if (agentId is null)
        {
            _violations++;
            return;
        }

        if (!_agents.TryGetValue(agentId, out var agent))
        {
            agent = new AgentTrack();
            _agents[agentId] = agent;
        }

        if (agent.State == AgentState.WrapUp && state != AgentState.WrapUp && agent.LastCall is { InWindow: true } call)
        {
            var queue = GetQueue(call.QueueId);
            queue.WrapUps++;
            queue.TotalWrapUpTicks += (at - agent.Since).Ticks;
        }

        if (agent.State != state || state != AgentState.WrapUp)
        {
            agent.Since = at;
        }

        _agentCounts[(int)agent.State]--;
        _agentCounts[(int)state]++;
        agent.State = state;
        if (state == AgentState.LoggedOut)
        {
            agent.LastCall = null;
        }
    }

    private TimeSpan ServiceLevel(string queueId) => TimeSpan.FromSeconds(ServiceLevelSeconds(queueId));

    private int ServiceLevelSeconds(string queueId) =>
        _definitions.TryGetValue(queueId, out var definition) ? definition.ServiceLevelSeconds : DefaultServiceLevelSeconds;

    private QueueAccumulator GetQueue(string queueId)
    {
        if (!_queues.TryGetValue(queueId, out var queue))
        {
            queue = new QueueAccumulator(ServiceLevelSeconds(queueId));
            _queues[queueId] = queue;
        }

        return queue;
    }

    private readonly record struct WaitingCall(string QueueId, DateTimeOffset EnqueuedAt, bool InWindow, bool IsCallbackTask);

    private readonly record struct CallRef(string QueueId, bool InWindow, DateTimeOffset AnsweredAt = default, string? AgentId = null);

    private sealed class AgentTrack
    {
        public AgentState State { get; set; } = AgentState.LoggedOut;

        public DateTimeOffset Since { get; set; }

        /// <summary>The agent's last ended call, which its wrap-up belongs to.</summary>
        public CallRef? LastCall { get; set; }
    }

    private sealed class QueueAccumulator(int serviceLevelSeconds)
    {
        public long Entered;
        public long Reentered;
        public long Answered;
        public long AnsweredWithinServiceLevel;
        public long Abandoned;
        public long ShortAbandoned;
        public long AbandonedWithinServiceLevel;
        public long Diverted;
        public long CallbacksRequested;
        public long VoiceMessagesChosen;
        public long SmsLinksSent;
        public long MovedOut;
        public long TotalAnswerWaitTicks;
        public long CallbackTasksEntered;
        public long CallbackTasksAnswered;
        public long CallbacksCompleted;
        public long CallbacksFailed;
        public long CallbackAttempts;
        public long CallbackRetries;
        public long VoiceMessagesLeft;
        public long VoiceMessagesHandled;
        public long Offers;
        public long OffersMissed;
        public long OffersRejected;
        public long OffersCancelled;
        public long Handled;
        public long TotalHandleTicks;
        public long WrapUps;
        public long TotalWrapUpTicks;

        public QueueMetrics ToMetrics(string queueId, int waiting, int tasksWaiting, DateTimeOffset? oldest, TimeSpan longest) => new()
        {
            QueueId = queueId,
            ServiceLevelSeconds = serviceLevelSeconds,
            Entered = Entered,
            Reentered = Reentered,
            Answered = Answered,
            AnsweredWithinServiceLevel = AnsweredWithinServiceLevel,
            Abandoned = Abandoned,
            ShortAbandoned = ShortAbandoned,
            AbandonedWithinServiceLevel = AbandonedWithinServiceLevel,
            Diverted = Diverted,
            CallbacksRequested = CallbacksRequested,
            VoiceMessagesChosen = VoiceMessagesChosen,
            SmsLinksSent = SmsLinksSent,
            MovedOut = MovedOut,
            TotalAnswerWait = TimeSpan.FromTicks(TotalAnswerWaitTicks),
            CallbackTasksEntered = CallbackTasksEntered,
            CallbackTasksAnswered = CallbackTasksAnswered,
            CallbacksCompleted = CallbacksCompleted,
            CallbacksFailed = CallbacksFailed,
            CallbackAttempts = CallbackAttempts,
            CallbackRetries = CallbackRetries,
            VoiceMessagesLeft = VoiceMessagesLeft,
            VoiceMessagesHandled = VoiceMessagesHandled,
            Offers = Offers,
            OffersMissed = OffersMissed,
            OffersRejected = OffersRejected,
            OffersCancelled = OffersCancelled,
            Handled = Handled,
            TotalHandleTime = TimeSpan.FromTicks(TotalHandleTicks),
            WrapUps = WrapUps,
            TotalWrapUpTime = TimeSpan.FromTicks(TotalWrapUpTicks),
            Waiting = waiting,
            CallbackTasksWaiting = tasksWaiting,
            OldestWaitingSince = oldest,
            LongestWait = longest,
        };
    }
}
