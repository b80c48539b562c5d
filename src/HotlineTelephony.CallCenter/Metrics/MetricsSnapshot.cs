using HotlineTelephony.CallCenter.Acd;
namespace HotlineTelephony.CallCenter.Metrics;

/// <summary>The metrics fold's state at one point: every queue (ordinal order of id) and the agents by state.</summary>
public sealed record MetricsSnapshot
{
    /// <summary>"Now" for the now-values (longest wait).</summary>
    public required DateTimeOffset At { get; init; }

    public required MetricsWindow Window { get; init; }

    /// <summary>Sequence of the last event folded (0 when none).</summary>
    public long LastSequence { get; init; }

    public long EventsApplied { get; init; }

    /// <summary>
    /// Events that break the event contract (an answer for a call that is not waiting, a second close, an offer to
    /// nobody…). They change no counter; a non-zero value in a soak test is a bug in the ACD or in the log.
    /// </summary>
    public long ContractViolations { get; init; }

    public required IReadOnlyDictionary<string, QueueMetrics> Queues { get; init; }

    public AgentStateCounts Agents { get; init; }

    /// <summary>Inbound callers answered, over every queue in the window.</summary>
    public long Answered => Queues.Values.Sum(q => q.Answered);

    /// <summary>The centre's counted outcomes (answered + abandoned + diverted − short abandoned), over every queue.</summary>
    public long CountedOutcomes => Queues.Values.Sum(q => q.CountedOutcomes);

    /// <summary>The centre's connection rate (接通率, R-TEL-02): 100 × Answered / CountedOutcomes; null when nothing was counted.</summary>
    public double? ConnectionRatePercent => CountedOutcomes <= 0 ? null : 100.0 * Answered / CountedOutcomes;

    /// <summary>
    /// Field-by-field differences from <paramref name="other"/>, one line per counter that differs ("queue q1
    /// Answered: 10 ≠ 11"), empty when every counter of every queue and every agent state count is equal.
    /// </summary>
    public IReadOnlyList<string> Differences(MetricsSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<string>();
        foreach (var queueId in Queues.Keys.Union(other.Queues.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!Queues.TryGetValue(queueId, out var mine))
            {
                differences.Add($"queue {queueId}: missing on the left");
                continue;
            }

            if (!other.Queues.TryGetValue(queueId, out var theirs))
            {
                differences.Add($"queue {queueId}: missing on the right");
                continue;
            }

            foreach (var (pair, otherPair) in mine.Counters().Zip(theirs.Counters()))
            {
                if (pair.Value != otherPair.Value)
                {
                    differences.Add($"queue {queueId} {pair.Key}: {pair.Value} ≠ {otherPair.Value}");
                }
            }
        }

        foreach (var state in (ReadOnlySpan<AgentState>)[AgentState.Ready, AgentState.NotReady, AgentState.Offered, AgentState.Talking, AgentState.WrapUp])
        {
            if (Agents.Get(state) != other.Agents.Get(state))
            {
                differences.Add($"agents {state}: {Agents.Get(state)} ≠ {other.Agents.Get(state)}");
            }
        }

        return differences;
    }
}
