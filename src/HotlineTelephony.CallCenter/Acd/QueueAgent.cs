using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>A queue's view of one of its agents, as last reported by the agent grain.</summary>
internal sealed class QueueAgent
{
    public required AgentDefinition Agent { get; set; }

    public AgentState State { get; set; }

    public DateTimeOffset ReadySince { get; set; }

    public int AnsweredCalls { get; set; }

    /// <summary>The agent's level in each of the queue's required skills, in the queue's order (0 = lacks it).</summary>
    public int[] Levels { get; set; } = [];

    /// <summary>Lowest of <see cref="Levels"/>: the agent's level for this queue (SkillsFirst ranks by it).</summary>
    public int QueueLevel { get; set; }

    /// <summary>In the queue's ready set (reported Ready and not reserved by this queue since).</summary>
    public bool InReadySet { get; set; }

    public static readonly IComparer<QueueAgent> LongestIdleOrder = Comparer<QueueAgent>.Create(static (a, b) =>
    {
        var c = a.ReadySince.UtcTicks.CompareTo(b.ReadySince.UtcTicks);
        return c != 0 ? c : string.CompareOrdinal(a.Agent.Id, b.Agent.Id);
    });
}
