using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Acd;

public sealed partial class QueueGrain
{
    /// <summary>
    /// Offers waiting callers, in order, to the best eligible ready agent. A caller nobody can take is skipped (the next
    /// one may need fewer skills); callers at the same widening step have the same needs, so once a step finds no agent
    /// every later caller at that step is skipped, which bounds the scan by the number of steps.
    /// </summary>
    private async Task DispatchAsync()
    {
        if (_ready.Count == 0 || _waiting.Count == 0)
        {
            return;
        }

        var now = TimeProvider.GetUtcNow();
        var steps = _queue.Widening.Count + 1;
        ulong failedSteps = 0;
        var failedCount = 0;

        // Entries are only flagged (not added or removed) below, so iterating the set across the awaits is safe:
        // no other turn of this grain runs meanwhile.
        foreach (var entry in _waiting)
        {
            if (_ready.Count == 0 || failedCount == steps)
            {
                return;
            }

            if (entry.OfferedTo is not null)
            {
                continue;
            }

            var step = WideningStep(entry, now);
            var bit = 1UL << Math.Min(step + 1, 63);
            if ((failedSteps & bit) != 0)
            {
                continue;
            }

            while (true)
            {
                var agent = ChooseAgent(step);
                if (agent is null)
                {
                    failedSteps |= bit;
                    failedCount++;
                    break;
                }

                // Out of the ready set before the await: this queue will not pick the agent twice. The agent grain decides.
                RemoveFromReadySet(agent);
                var reserved = await GrainFactory.GetGrain<IAgentGrain>(agent.Agent.Id).TryReserveAsync(entry.CallId, GrainKey);
                if (!reserved)
                {
                    // Busy elsewhere or no longer ready; its next status report puts it back.
                    continue;
                }

                Offer(entry, agent);
                break;
            }
        }
    }

    /// <summary>
    /// The agent is reserved for the caller: mark the caller as being offered and tell its call grain to ring.
    /// <paramref name="chosen"/>: the agent picked this callback task on the desktop.
    /// </summary>
    private void Offer(QueueEntry entry, QueueAgent agent, bool chosen = false)
    {
        entry.OfferedTo = agent.Agent.Id;
        _lastOfferedAgent = agent.Agent.Id;
        AcdLog.AgentReserved(_logger, entry.CallId, agent.Agent.Id, GrainKey, chosen);
        _ = GrainFactory.GetGrain<Calls.ICallGrain>(entry.CallId)
            .OfferAsync(agent.Agent.Id, agent.Agent.Extension, TimeSpan.FromSeconds(_queue.RingTimeoutSeconds), chosen);
    }

    /// <summary>
    /// The first waiting caller, in queue order, that nobody is ringing and that <paramref name="agent"/> may take at its
    /// widening step; null when there is none. Callers at a step the agent failed are skipped without testing again.
    /// </summary>
    private QueueEntry? BestWaitingFor(QueueAgent agent, DateTimeOffset now)
    {
        ulong failedSteps = 0;
        foreach (var entry in _waiting)
        {
            if (entry.OfferedTo is not null)
            {
                continue;
            }

            var step = WideningStep(entry, now);
            var bit = 1UL << Math.Min(step + 1, 63);
            if ((failedSteps & bit) != 0)
            {
                continue;
            }

            if (IsEligible(agent, step))
            {
                return entry;
            }

            failedSteps |= bit;
        }

        return null;
    }

    /// <summary>Index of the widening step in force for the caller (-1: none yet); measured from its place, which it keeps.</summary>
    private int WideningStep(QueueEntry entry, DateTimeOffset now)
    {
        var waited = (now - entry.Place).TotalSeconds;
        var widening = _queue.Widening;
        var step = -1;
        for (var i = 0; i < widening.Count && widening[i].AfterSeconds <= waited; i++)
        {
            step = i;
        }

        return step;
    }

    private bool IsEligible(QueueAgent agent, int step)
    {
        var skills = _queue.Skills;
        if (skills.Count == 0)
        {
            return true;
        }

        int? widened = step >= 0 ? _queue.Widening[step].MinLevel : null;
        for (var i = 0; i < skills.Count; i++)
        {
            var min = widened is { } w ? Math.Min(skills[i].MinLevel, w) : skills[i].MinLevel;
            if (agent.Levels[i] < min)
            {
                return false;
            }
        }

        return true;
    }

    private QueueAgent? ChooseAgent(int step)
    {
        QueueAgent? best = null;
        switch (_queue.Strategy)
        {
            case RoutingStrategy.LongestIdle:
                foreach (var agent in _ready)
                {
                    if (IsEligible(agent, step))
                    {
                        return agent;
                    }
                }

                return null;

            case RoutingStrategy.FewestCalls:
                // _ready is in longest-idle order, so a strict comparison leaves ties to the longest idle.
                foreach (var agent in _ready)
                {
                    if (IsEligible(agent, step) && (best is null || agent.AnsweredCalls < best.AnsweredCalls))
                    {
                        best = agent;
                    }
                }

                return best;

            case RoutingStrategy.SkillsFirst:
                for (var level = _readyByLevel.Length - 1; level >= 0; level--)
                {
                    foreach (var agent in _readyByLevel[level])
                    {
                        if (IsEligible(agent, step))
                        {
                            return agent;
                        }
                    }
                }

                return null;

            default:
                // Round robin in agent-id order: the first eligible agent after the last one offered, wrapping round.
                QueueAgent? first = null;
                foreach (var agent in _ready)
                {
                    if (!IsEligible(agent, step))
                    {
                        continue;
                    }

                    if (first is null || string.CompareOrdinal(agent.Agent.Id, first.Agent.Id) < 0)
                    {
                        first = agent;
                    }

                    if (_lastOfferedAgent is not null && string.CompareOrdinal(agent.Agent.Id, _lastOfferedAgent) > 0
                        && (best is null || string.CompareOrdinal(agent.Agent.Id, best.Agent.Id) < 0))
                    {
                        best = agent;
                    }
                }

                return best ?? first;
        }
    }
}
