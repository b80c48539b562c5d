namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>Gives calls matching <see cref="Condition"/>/<see cref="Value"/> the priority <see cref="Level"/>.</summary>
public sealed record PriorityRule
{
    public required PriorityCondition Condition { get; init; }

    /// <summary>Trunk name, caller-list name or dialled number; empty for <see cref="PriorityCondition.OpenTicket"/>.</summary>
    public string Value { get; init; } = "";

    /// <summary>Name of the level in <see cref="PriorityTable.Levels"/>.</summary>
    public required string Level { get; init; }

    /// <summary>The level's value, resolved by the loader.</summary>
    public int Priority { get; init; }
}
