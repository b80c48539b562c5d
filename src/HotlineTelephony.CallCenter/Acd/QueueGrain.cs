using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// One queue: its waiting callers in order, its ready agents, the matching between them, announcements, overflow,
/// re-entry and missed-call callbacks, and its live counters.
/// <para>
/// Estimated wait for the caller at position p (1 = head): EWT = p × AHT / N, where AHT is the exponentially weighted
/// average (α = 0.2) of recent handle times (talk time plus the queue's wrap-up; 180 s until the first call completes)
/// and N is the number of agents serving the queue (Ready, Offered, Talking or WrapUp; at least 1).
/// </para>
/// </summary>
public sealed partial class QueueGrain : Grain, IQueueGrain
{
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_initialHandleTime = TimeSpan.FromSeconds(180);
    private const double HandleTimeWeight = 0.2;
    private const int MaxSkillLevel = 5;

    private readonly IAcdEventLog _events;
    private readonly IQueueCatalog _catalog;
    private readonly ILogger<QueueGrain> _logger;
    private readonly SortedSet<QueueEntry> _waiting = new(QueueEntry.Order);
    private readonly Dictionary<string, QueueEntry> _byCall = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueueAgent> _agents = new(StringComparer.Ordinal);
    private readonly SortedSet<QueueAgent> _ready = new(QueueAgent.LongestIdleOrder);

    // The ready set again, split by queue level (0–5), so SkillsFirst takes the first agent of the highest level
    // instead of scanning every ready agent.
    private readonly SortedSet<QueueAgent>[] _readyByLevel = [.. Enumerable.Range(0, MaxSkillLevel + 1).Select(_ => new SortedSet<QueueAgent>(QueueAgent.LongestIdleOrder))];
    private readonly Dictionary<string, AbandonRecord> _abandons = new(StringComparer.Ordinal);
    private readonly int[] _agentsByState = new int[Enum.GetValues<AgentState>().Length];
    private QueueDefinition _queue = null!;
    private long _sequence;
    private string? _lastOfferedAgent;
    private double _handleSeconds = s_initialHandleTime.TotalSeconds;
    private long _entered, _answered, _answeredInSl, _abandoned, _shortAbandoned, _diverted;

    public QueueGrain(IAcdEventLog events, IQueueCatalog catalog, ILogger<QueueGrain> logger)
    {
        _events = events;
        _catalog = catalog;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _queue = _catalog.Find(GrainKey) ?? throw new InvalidOperationException($"Queue {GrainKey} is not defined.");
        RegisterTimer(_ => TickAsync(), null, s_tick, s_tick);
        return Task.CompletedTask;
    }

    public async Task<EnqueueResult> EnqueueAsync(WaitingCall call)
    {
        if (_byCall.TryGetValue(call.CallId, out var existing))
        {
            return new EnqueueResult(null, existing.Place, existing.Priority);
        }

        var now = TimeProvider.GetUtcNow();
        string? detail = null;
        var place = now;
        var priority = call.Priority;
        if (call.IsCallback)
        {
            detail = call.IsCallbackRetry ? "callback-retry" : "callback";
            place = call.Place ?? now;
        }
        else if (call.CallerNumber.Length > 0
            && _abandons.Remove(call.CallerNumber, out var abandon)
            && now - abandon.At <= TimeSpan.FromSeconds(_queue.AbandonedReentrySeconds))
        {
            detail = "reentry";
            place = abandon.Place;
            priority = Math.Max(priority, abandon.Priority);
        }

        var entry = new QueueEntry
        {
            CallId = call.CallId,
            CallerNumber = call.CallerNumber,
            DialledNumber = call.DialledNumber,
            Priority = priority,
            Place = place,
            Sequence = ++_sequence,
            EnqueuedAt = now,
            IsCallback = call.IsCallback,
            LastAnnounced = now,
        };
        _waiting.Add(entry);
        _byCall.Add(entry.CallId, entry);

        // Callback tasks are counted apart from callers (docs/metrics.md): they are work the centre owes, not calls offered.
        if (!entry.IsCallback)
        {
            _entered++;
        }

        _events.Append(new AcdEvent(now, AcdEventKind.CallEnqueued, call.CallId, GrainKey, Detail: detail, Priority: priority));
        AcdLog.CallEnqueued(_logger, call.CallId, GrainKey, priority, detail);

        await DispatchAsync();
        return new EnqueueResult(detail, place, priority);
    }

    public Task LeaveAsync(string callId, QueueExit exit)
    {
        if (!_byCall.Remove(callId, out var entry))
        {
            return Task.CompletedTask;
        }

        _waiting.Remove(entry);
        var now = TimeProvider.GetUtcNow();
        switch (exit)
        {
            case QueueExit.Abandoned:
                var isShort = now - entry.EnqueuedAt < TimeSpan.FromSeconds(_queue.ShortAbandonSeconds);
                _abandoned++;
                if (isShort)
                {
                    _shortAbandoned++;
                }

                _events.Append(new AcdEvent(now, AcdEventKind.CallAbandoned, callId, GrainKey, Detail: isShort ? "short" : "long", Priority: entry.Priority));
                if (!entry.IsCallback && entry.CallerNumber.Length > 0)
                {
                    _abandons[entry.CallerNumber] = new AbandonRecord(callId, entry.DialledNumber, entry.Priority, entry.Place, now, !isShort);
                }

                break;
            case QueueExit.Callback:
                _diverted++;
                _events.Append(new AcdEvent(now, AcdEventKind.CallbackRequested, callId, GrainKey, Priority: entry.Priority));
                StartCallback(new CallbackTask(callId, GrainKey, entry.CallerNumber, entry.DialledNumber, entry.Priority, entry.Place, MissedCall: false));
                break;
            case QueueExit.VoiceMessage:
                _diverted++;
                _events.Append(new AcdEvent(now, AcdEventKind.VoiceMessageChosen, callId, GrainKey, Priority: entry.Priority));
                break;
            case QueueExit.SmsLink:
                _diverted++;
                _events.Append(new AcdEvent(now, AcdEventKind.SmsLinkSent, callId, GrainKey, Priority: entry.Priority));
                break;
        }

        AcdLog.CallLeftQueue(_logger, callId, GrainKey, exit);
        return Task.CompletedTask;
    }

    public async Task OfferEndedAsync(string callId, string agentId, bool answered)
    {
        if (!_byCall.TryGetValue(callId, out var entry) || entry.OfferedTo != agentId)
        {
            return;
        }

        if (answered)
        {
            _byCall.Remove(callId);
            _waiting.Remove(entry);
            if (entry.IsCallback)
            {
                return;
            }

            _answered++;
            if (TimeProvider.GetUtcNow() - entry.EnqueuedAt <= TimeSpan.FromSeconds(_queue.ServiceLevelSeconds))
            {
                _answeredInSl++;
            }

            return;
        }

        // Not answered: the caller never left its place, so it is at the head again for the next agent.
        entry.OfferedTo = null;
        await DispatchAsync();
    }

    public Task CallCompletedAsync(string callId, TimeSpan talkTime)
    {
        var handle = talkTime.TotalSeconds + _queue.WrapUpSeconds;
        _handleSeconds += HandleTimeWeight * (handle - _handleSeconds);
        return Task.CompletedTask;
    }

    public async Task AgentChangedAsync(AgentStatus status)
    {
        var id = status.Agent.Id;
        if (!_agents.TryGetValue(id, out var agent))
        {
            if (status.State == AgentState.LoggedOut)
            {
                return;
            }

            agent = new QueueAgent { Agent = status.Agent, State = AgentState.LoggedOut };
            _agents.Add(id, agent);
            _agentsByState[(int)AgentState.LoggedOut]++;
        }

        RemoveFromReadySet(agent);
        _agentsByState[(int)agent.State]--;
        _agentsByState[(int)status.State]++;
        agent.State = status.State;
        agent.Agent = status.Agent;
        agent.ReadySince = status.ReadySince;
        agent.AnsweredCalls = status.AnsweredCalls;
        ComputeLevels(agent);

        if (status.State == AgentState.LoggedOut)
        {
            _agents.Remove(id);
            _agentsByState[(int)AgentState.LoggedOut]--;
            return;
        }

        if (status.State == AgentState.Ready && status.Arbitrating)
        {
            // The agent is choosing between its queues: bid this queue's best caller for it rather than reserve it.
            var best = BestWaitingFor(agent, TimeProvider.GetUtcNow());
            _ = GrainFactory.GetGrain<IAgentGrain>(id).BidAsync(status.Round, GrainKey,
                best is null ? null : new QueueBid(GrainKey, best.CallId, best.Priority, best.Place, _queue.Weight));
            return;
        }

        if (status.State == AgentState.Ready)
        {
            agent.InReadySet = true;
            _ready.Add(agent);
            _readyByLevel[agent.QueueLevel].Add(agent);
            await DispatchAsync();
        }
    }

    public async Task GrantAsync(string agentId, int round)
    {
        // A grant this queue cannot use is handed back, never dropped: only this queue may reserve the agent now, so
        // dropping it would leave the agent Ready but offered nothing. The agent ignores it if the round is over.
        var entry = _agents.TryGetValue(agentId, out var agent) && agent.State == AgentState.Ready
            ? BestWaitingFor(agent, TimeProvider.GetUtcNow())
            : null;
        if (entry is null)
        {
            _ = GrainFactory.GetGrain<IAgentGrain>(agentId).GrantUnusedAsync(round);
            return;
        }

        if (await GrainFactory.GetGrain<IAgentGrain>(agentId).TryReserveAsync(entry.CallId, GrainKey))
        {
            Offer(entry, agent!);
        }
    }

    public async Task<CallbackPick> OfferChosenCallbackAsync(string taskId, string agentId)
    {
        if (!_byCall.TryGetValue(taskId, out var entry) || !entry.IsCallback)
        {
            return CallbackPick.TaskNotWaiting;
        }

        if (entry.OfferedTo is { } offeredTo)
        {
            // A repeated click of the agent already being rung for it is not an error.
            return offeredTo == agentId ? CallbackPick.Offered : CallbackPick.TaskOffered;
        }

        if (!_agents.TryGetValue(agentId, out var agent))
        {
            return CallbackPick.AgentLoggedOut;
        }

        if (!IsEligible(agent, WideningStep(entry, TimeProvider.GetUtcNow())))
        {
            return CallbackPick.AgentLacksSkills;
        }

        // No other turn of this queue runs during the await, so nobody else can be offered the task meanwhile.
        var pick = await GrainFactory.GetGrain<IAgentGrain>(agentId).TryReserveChosenAsync(taskId, GrainKey);
        if (pick != CallbackPick.Offered)
        {
            return pick;
        }

        RemoveFromReadySet(agent);
        Offer(entry, agent, chosen: true);
        return CallbackPick.Offered;
    }

    public Task<QueueSnapshot> GetSnapshotAsync()
    {
        var byState = new Dictionary<AgentState, int>();
        foreach (var state in Enum.GetValues<AgentState>())
        {
            if (state != AgentState.LoggedOut)
            {
                byState[state] = _agentsByState[(int)state];
            }
        }

        DateTimeOffset? longest = null;
        int waitingCallers = 0;
        foreach (var entry in _byCall.Values)
        {
            if (entry.IsCallback)
            {
                continue;
            }

            waitingCallers++;
            if (longest is null || entry.EnqueuedAt < longest)
            {
                longest = entry.EnqueuedAt;
            }
        }

        return Task.FromResult(new QueueSnapshot(
            GrainKey, _entered, _answered, _answeredInSl, _abandoned, _shortAbandoned, _diverted, waitingCallers, longest,
            byState, TimeSpan.FromSeconds(_handleSeconds), EstimateWait(_waiting.Count + 1)));
    }

    public Task<IReadOnlyList<string>> GetWaitingOrderAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. _waiting.Select(e => e.CallId)]);

    /// <summary>EWT = p × AHT / N (see the class summary).</summary>
    private TimeSpan EstimateWait(int position)
    {
        var serving = _agentsByState[(int)AgentState.Ready] + _agentsByState[(int)AgentState.Offered]
            + _agentsByState[(int)AgentState.Talking] + _agentsByState[(int)AgentState.WrapUp];
        return TimeSpan.FromSeconds(position * _handleSeconds / Math.Max(1, serving));
    }

    private void StartCallback(CallbackTask task)
    {
        AcdLog.CallbackCreated(_logger, task.Id, task.OriginalCallId, GrainKey, task.MissedCall);
        _ = GrainFactory.GetGrain<ICallGrain>(task.Id).StartCallbackAsync(task);
    }

    private async Task TickAsync()
    {
        var now = TimeProvider.GetUtcNow();
        ExpireAbandons(now);
        if (_waiting.Count == 0)
        {
            return;
        }

        // Widening may have made waiting callers acceptable to ready agents who could not take them before.
        if (_queue.Widening.Count > 0 && _ready.Count > 0)
        {
            await DispatchAsync();
        }

        AnnounceAndOfferOverflow(now);
    }

    private void AnnounceAndOfferOverflow(DateTimeOffset now)
    {
        var announce = _queue.AnnouncePosition || _queue.AnnounceEstimatedWait;
        var every = TimeSpan.FromSeconds(_queue.AnnounceEverySeconds);
        var overflow = _queue.Overflow;
        var position = 0;
        foreach (var entry in _waiting)
        {
            position++;

            // Never to a caller whose agent is ringing (the head caller would hear it over the ring, AST #1568).
            if (entry.OfferedTo is not null || entry.IsCallback)
            {
                continue;
            }

            var ewt = EstimateWait(position);
            if (overflow.Enabled && !entry.OverflowOffered && ewt.TotalSeconds > overflow.EstimatedWaitSeconds)
            {
                entry.OverflowOffered = true;
                entry.LastAnnounced = now;
                _ = GrainFactory.GetGrain<ICallGrain>(entry.CallId).OfferOverflowAsync();
            }
            else if (announce && now - entry.LastAnnounced >= every)
            {
                entry.LastAnnounced = now;
                _ = GrainFactory.GetGrain<ICallGrain>(entry.CallId).AnnounceAsync(
                    _queue.AnnouncePosition ? position : 0, _queue.AnnounceEstimatedWait ? ewt : TimeSpan.Zero);
            }
        }
    }

    // A long abandon whose caller did not call again within the re-entry window becomes a missed-call callback (R-TEL-05);
    // waiting the window first avoids calling back someone who already got through again.
    private void ExpireAbandons(DateTimeOffset now)
    {
        if (_abandons.Count == 0)
        {
            return;
        }

        var window = TimeSpan.FromSeconds(_queue.AbandonedReentrySeconds);
        List<string>? expired = null;
        foreach (var (caller, record) in _abandons)
        {
            if (now - record.At > window)
            {
                (expired ??= []).Add(caller);
                if (record.Long)
                {
                    StartCallback(new CallbackTask(record.CallId, GrainKey, caller, record.DialledNumber, record.Priority, record.Place, MissedCall: true));
                }
            }
        }

        foreach (var caller in expired ?? [])
        {
            _abandons.Remove(caller);
        }
    }

    private void RemoveFromReadySet(QueueAgent agent)
    {
        if (agent.InReadySet)
        {
            _ready.Remove(agent);
            _readyByLevel[agent.QueueLevel].Remove(agent);
            agent.InReadySet = false;
        }
    }

    private void ComputeLevels(QueueAgent agent)
    {
        var skills = _queue.Skills;
        if (skills.Count == 0)
        {
            agent.Levels = [];
            agent.QueueLevel = 0;
            return;
        }

        if (agent.Levels.Length != skills.Count)
        {
            agent.Levels = new int[skills.Count];
        }

        var lowest = int.MaxValue;
        for (var i = 0; i < skills.Count; i++)
        {
            var level = agent.Agent.Skills.GetValueOrDefault(skills[i].Skill);
            agent.Levels[i] = level;
            lowest = Math.Min(lowest, level);
        }

        agent.QueueLevel = Math.Clamp(lowest, 0, MaxSkillLevel);
    }
}
