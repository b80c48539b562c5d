using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// One agent's state machine. Every change appends an explicit event (so an agent's state is the one given by its last
/// event) and is told to the agent's queues one-way. Reservations are decided here and only here, which is what makes
/// double offers impossible: a second queue asking for the same agent is refused until the first offer has ended.
/// </summary>
public sealed class AgentGrain : Grain, IAgentGrain
{
    // How long after the ring timeout an offer nobody reported on is given up (a lost telephony notification).
    private static readonly TimeSpan s_offerWatchdogGrace = TimeSpan.FromSeconds(30);

    // How long an arbitration round waits for its queues' bids; a queue that never answers must not keep the agent idle.
    private static readonly TimeSpan s_bidTimeout = TimeSpan.FromSeconds(2);

    private readonly IAcdEventLog _events;
    private readonly IQueueCatalog _queues;
    private readonly ILogger<AgentGrain> _logger;
    private AgentDefinition? _agent;
    private AgentState _state = AgentState.LoggedOut;
    private string? _callId;
    private string? _queueId;
    private string? _notReadyReason;
    private string? _pendingNotReady;
    private bool _pendingLogout;
    private DateTimeOffset _stateSince;
    private DateTimeOffset _readySince;
    private DateTimeOffset? _wrapUpUntil;
    private int _misses;
    private int _answered;
    private int _offerSequence;
    private IDisposable? _stateTimer;
    private IDisposable? _keepAlive;

    // Arbitration between the queues of an agent of several queues (cross-queue fairness): while _bids is set the agent
    // is collecting bids for _round; while _grantedQueue is set only that queue may reserve it.
    private int _round;
    private Dictionary<string, QueueBid?>? _bids;
    private string? _grantedQueue;
    private IDisposable? _roundTimer;

    public AgentGrain(IAcdEventLog events, IQueueCatalog queues, ILogger<AgentGrain> logger)
    {
        _events = events;
        _queues = queues;
        _logger = logger;
    }

    public Task LoginAsync(AgentDefinition agent, string? notReadyReason = null)
    {
        if (agent.Id != GrainKey)
        {
            throw new ArgumentException($"Agent definition {agent.Id} was sent to agent grain {GrainKey}.", nameof(agent));
        }

        if (_state != AgentState.LoggedOut)
        {
            // Already logged in (a second device or a retried request): keep the state, take the new definition.
            _agent = agent;
            NotifyQueues();
            return Task.CompletedTask;
        }

        _agent = agent;

        // A not-ready agent may get no message for longer than the idle deactivation; the timer keeps the state alive.
        _keepAlive = RegisterTimer(static _ => Task.CompletedTask, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        _misses = 0;
        _answered = 0;
        _pendingLogout = false;
        _pendingNotReady = null;
        Emit(AcdEventKind.AgentLoggedIn, null, null, null);
        AcdLog.AgentLoggedIn(_logger, GrainKey, agent.Extension);
        if (notReadyReason is null)
        {
            EnterReady(resetIdle: true);
        }
        else
        {
            EnterNotReady(notReadyReason);
        }

        return Task.CompletedTask;
    }

    public Task LogoutAsync()
    {
        switch (_state)
        {
            case AgentState.LoggedOut:
                break;
            case AgentState.Offered or AgentState.Talking:
                _pendingLogout = true;
                break;
            default:
                EnterLoggedOut();
                break;
        }

        return Task.CompletedTask;
    }

    public Task SetReadyAsync()
    {
        switch (_state)
        {
            case AgentState.LoggedOut:
                throw new InvalidOperationException($"Agent {GrainKey} is logged out; log in first.");
            case AgentState.NotReady:
                // Coming back is a fresh start: "M consecutive misses" counts from here, not from before the pause.
                _misses = 0;
                EnterReady(resetIdle: true);
                break;
            case AgentState.WrapUp:
                _pendingNotReady = null;
                FinishWrapUp();
                break;
            case AgentState.Offered or AgentState.Talking:
                _pendingNotReady = null;
                break;
        }

        return Task.CompletedTask;
    }

    public Task SetNotReadyAsync(string reason)
    {
        switch (_state)
        {
            case AgentState.LoggedOut:
                throw new InvalidOperationException($"Agent {GrainKey} is logged out; log in first.");
            case AgentState.Ready:
                EnterNotReady(reason);
                break;
            case AgentState.NotReady when _notReadyReason != reason:
                EnterNotReady(reason);
                break;
            case AgentState.Offered or AgentState.Talking or AgentState.WrapUp:
                _pendingNotReady = reason;
                break;
        }

        return Task.CompletedTask;
    }

    public Task EndWrapUpAsync()
    {
        if (_state == AgentState.WrapUp)
        {
            FinishWrapUp();
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryReserveAsync(string callId, string queueId)
    {
        if (_state != AgentState.Ready || _agent is null || !_agent.Queues.Contains(queueId)
            || _bids is not null || (_grantedQueue is not null && _grantedQueue != queueId))
        {
            return Task.FromResult(false);
        }

        Reserve(callId, queueId, null);
        return Task.FromResult(true);
    }

    public Task<CallbackPick> TryReserveChosenAsync(string callId, string queueId)
    {
        var refusal = _state switch
        {
            AgentState.LoggedOut => CallbackPick.AgentLoggedOut,
            _ when _agent is null => CallbackPick.AgentLoggedOut,
            _ when !_agent.Queues.Contains(queueId) => CallbackPick.AgentNotInQueue,
            AgentState.Offered or AgentState.Talking => CallbackPick.AgentBusy,
            AgentState.WrapUp => CallbackPick.AgentInWrapUp,
            _ => (CallbackPick?)null,
        };
        if (refusal is { } refused)
        {
            return Task.FromResult(refused);
        }

        // Ready or not ready, with no offer or call: the agent's own pick wins over an arbitration round in progress
        // (reserving ends it). An agent who was not ready is not ready again, for the same reason, once the task's offer
        // or call is over: picking one task does not put them back into the queue's flow.
        if (_state == AgentState.NotReady)
        {
            _pendingNotReady = _notReadyReason ?? "not-ready";
        }

        Reserve(callId, queueId, "chosen");
        return Task.FromResult(CallbackPick.Offered);
    }

    public Task<bool> OfferAnsweredAsync(string callId)
    {
        if (_state != AgentState.Offered || _callId != callId)
        {
            return Task.FromResult(false);
        }

        StopStateTimer();
        _misses = 0;
        _answered++;
        SetState(AgentState.Talking);
        Emit(AcdEventKind.OfferAnswered, callId, _queueId, null);
        NotifyQueues();
        return Task.FromResult(true);
    }

    public Task OfferFailedAsync(string callId, OfferOutcome outcome)
    {
        if (_state != AgentState.Offered || _callId != callId)
        {
            return Task.CompletedTask;
        }

        StopStateTimer();
        var queueId = _queueId!;
        switch (outcome)
        {
            case OfferOutcome.Rejected:
                _misses++;
                Emit(AcdEventKind.OfferRejected, callId, queueId, _misses.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case OfferOutcome.NoAnswer or OfferOutcome.Unreachable:
                _misses++;
                Emit(AcdEventKind.OfferMissed, callId, queueId, _misses.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                Emit(AcdEventKind.OfferCancelled, callId, queueId, null);
                break;
        }

        _callId = null;
        _queueId = null;
        var maxMisses = QueueOf(queueId).MaxConsecutiveMisses;
        if (outcome is OfferOutcome.Rejected or OfferOutcome.NoAnswer or OfferOutcome.Unreachable && maxMisses > 0 && _misses >= maxMisses && !_pendingLogout)
        {
            AcdLog.AgentMissedTooMany(_logger, GrainKey, callId, queueId, _misses);
            Emit(AcdEventKind.AgentMissedTooMany, callId, queueId, _misses.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _pendingNotReady = null;
            EnterNotReady("missed");
        }
        else
        {
            AfterWork(resetIdle: false);
        }

        return Task.CompletedTask;
    }

    public Task CallEndedAsync(string callId)
    {
        if (_state != AgentState.Talking || _callId != callId)
        {
            return Task.CompletedTask;
        }

        var queue = QueueOf(_queueId!);
        if (queue.WrapUpSeconds > 0 && !_pendingLogout)
        {
            var wrapUp = TimeSpan.FromSeconds(queue.WrapUpSeconds);
            _wrapUpUntil = TimeProvider.GetUtcNow() + wrapUp;
            SetState(AgentState.WrapUp);
            Emit(AcdEventKind.AgentWrapUpStarted, callId, _queueId, queue.WrapUpSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            NotifyQueues();
            _stateTimer = RegisterTimer(WrapUpElapsed, ++_offerSequence, wrapUp, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _callId = null;
            _queueId = null;
            AfterWork(resetIdle: true);
        }

        return Task.CompletedTask;
    }

    public Task<AgentSnapshot> GetSnapshotAsync() => Task.FromResult(new AgentSnapshot(
        GrainKey, _state, _callId, _queueId, _state == AgentState.NotReady ? _notReadyReason : null, _stateSince,
        _state == AgentState.WrapUp ? _wrapUpUntil : null, _misses, _answered));

    public Task BidAsync(int round, string queueId, QueueBid? bid)
    {
        if (round != _round || _bids is null || _state != AgentState.Ready || _agent is null || !_agent.Queues.Contains(queueId))
        {
            return Task.CompletedTask;
        }

        _bids[queueId] = bid;
        if (_bids.Count >= _agent.Queues.Distinct(StringComparer.Ordinal).Count())
        {
            DecideRound();
        }

        return Task.CompletedTask;
    }

    public Task GrantUnusedAsync(int round)
    {
        if (round == _round && _state == AgentState.Ready && _grantedQueue is not null)
        {
            // The caller bid for left (or was taken) before the grant arrived; ask the queues again.
            _grantedQueue = null;
            StartRoundAndNotify();
        }

        return Task.CompletedTask;
    }

    // Ready again: an agent of one queue is simply offered to it; an agent of several first asks each queue for its best
    // waiting caller, so the best caller across all of them gets the agent, not the head of whichever queue asks first.
    private void StartRoundAndNotify()
    {
        EndRound();
        if (_state == AgentState.Ready && _agent is { Queues.Count: > 1 })
        {
            _round++;
            _bids = new Dictionary<string, QueueBid?>(StringComparer.Ordinal);
            _roundTimer = RegisterTimer(RoundTimedOut, _round, s_bidTimeout, Timeout.InfiniteTimeSpan);
        }

        NotifyQueues();
    }

    // Offered for exactly callId: every other reservation is refused until the offer ends; the watchdog gives the offer
    // up if the telephony never reports on it.
    private void Reserve(string callId, string queueId, string? detail)
    {
        _callId = callId;
        _queueId = queueId;
        SetState(AgentState.Offered);
        var sequence = ++_offerSequence;
        Emit(AcdEventKind.CallOffered, callId, queueId, detail);
        NotifyQueues();

        var ringTimeout = TimeSpan.FromSeconds(QueueOf(queueId).RingTimeoutSeconds);
        _stateTimer = RegisterTimer(OfferWatchdog, sequence, ringTimeout + s_offerWatchdogGrace, Timeout.InfiniteTimeSpan);
    }

    private Task RoundTimedOut(object? state)
    {
        if ((int)state! == _round && _bids is not null && _state == AgentState.Ready)
        {
            _roundTimer = null;
            DecideRound();
        }

        return Task.CompletedTask;
    }

    private void DecideRound()
    {
        var now = TimeProvider.GetUtcNow();
        QueueBid? best = null;
        foreach (var bid in _bids!.Values)
        {
            if (bid is not null && (best is null || bid.IsBetterThan(best, now)))
            {
                best = bid;
            }
        }

        _roundTimer?.Dispose();
        _roundTimer = null;
        _bids = null;
        if (best is null)
        {
            // Nobody waits for this agent: any queue may now reserve it as soon as a caller arrives.
            NotifyQueues();
            return;
        }

        _grantedQueue = best.QueueId;
        AcdLog.AgentGranted(_logger, GrainKey, best.QueueId, best.CallId, _round);
        GrainFactory.GetGrain<IQueueGrain>(best.QueueId).GrantAsync(GrainKey, _round);
    }

    private void EndRound()
    {
        _roundTimer?.Dispose();
        _roundTimer = null;
        _bids = null;
        _grantedQueue = null;
    }

    private Task OfferWatchdog(object? state)
    {
        if (_state == AgentState.Offered && (int)state! == _offerSequence)
        {
            AcdLog.OfferWatchdog(_logger, GrainKey, _callId!, _queueId!);
            _stateTimer = null;
            return OfferFailedAsync(_callId!, OfferOutcome.CallGone);
        }

        return Task.CompletedTask;
    }

    private Task WrapUpElapsed(object? state)
    {
        if (_state == AgentState.WrapUp && (int)state! == _offerSequence)
        {
            _stateTimer = null;
            FinishWrapUp();
        }

        return Task.CompletedTask;
    }

    private void FinishWrapUp()
    {
        StopStateTimer();
        Emit(AcdEventKind.AgentWrapUpEnded, _callId, _queueId, null);
        _callId = null;
        _queueId = null;
        _wrapUpUntil = null;
        AfterWork(resetIdle: true);
    }

    // After an offer, a call or a wrap-up: the state the agent asked for meanwhile, else Ready.
    private void AfterWork(bool resetIdle)
    {
        if (_pendingLogout)
        {
            EnterLoggedOut();
        }
        else if (_pendingNotReady is { } reason)
        {
            _pendingNotReady = null;
            EnterNotReady(reason);
        }
        else
        {
            EnterReady(resetIdle);
        }
    }

    private void EnterReady(bool resetIdle)
    {
        SetState(AgentState.Ready);
        _notReadyReason = null;
        if (resetIdle)
        {
            _readySince = _stateSince;
        }

        Emit(AcdEventKind.AgentReady, null, null, null);
        StartRoundAndNotify();
    }

    private void EnterNotReady(string reason)
    {
        SetState(AgentState.NotReady);
        _notReadyReason = reason;
        Emit(AcdEventKind.AgentNotReady, null, null, reason);
        NotifyQueues();
    }

    private void EnterLoggedOut()
    {
        StopStateTimer();
        _keepAlive?.Dispose();
        _keepAlive = null;
        SetState(AgentState.LoggedOut);
        _pendingLogout = false;
        _pendingNotReady = null;
        _callId = null;
        _queueId = null;
        _wrapUpUntil = null;
        Emit(AcdEventKind.AgentLoggedOut, null, null, null);
        AcdLog.AgentLoggedOut(_logger, GrainKey);
        NotifyQueues();
    }

    private void SetState(AgentState state)
    {
        if (state != AgentState.Ready)
        {
            EndRound();
        }

        _state = state;
        _stateSince = TimeProvider.GetUtcNow();
    }

    private void StopStateTimer()
    {
        _stateTimer?.Dispose();
        _stateTimer = null;
    }

    private QueueDefinition QueueOf(string queueId) =>
        _queues.Find(queueId) ?? throw new InvalidOperationException($"Queue {queueId} is not defined.");

    private void Emit(AcdEventKind kind, string? callId, string? queueId, string? detail) =>
        _events.Append(new AcdEvent(TimeProvider.GetUtcNow(), kind, callId, queueId, GrainKey, detail));

    private void NotifyQueues()
    {
        if (_agent is null)
        {
            return;
        }

        var arbitrating = _state == AgentState.Ready && (_bids is not null || _grantedQueue is not null);
        var status = new AgentStatus(_agent, _state, _readySince, _answered, _round, arbitrating);
        foreach (var queueId in _agent.Queues)
        {
            GrainFactory.GetGrain<IQueueGrain>(queueId).AgentChangedAsync(status);
        }
    }
}
