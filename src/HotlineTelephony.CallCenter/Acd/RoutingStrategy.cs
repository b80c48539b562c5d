namespace HotlineTelephony.CallCenter.Acd;

/// <summary>How a queue chooses among the ready agents able to take its head caller.</summary>
public enum RoutingStrategy
{
    /// <summary>The agent who has been ready longest since their last call (the default, as FreeSWITCH mod_callcenter).</summary>
    LongestIdle,

    /// <summary>Agents in turn, continuing after the last one offered.</summary>
    RoundRobin,

    /// <summary>The agent with the fewest answered calls since logging in; ties go to the longest idle.</summary>
    FewestCalls,

    /// <summary>The highest skill level for the queue's skill first; ties go to the longest idle.</summary>
    SkillsFirst,
}
