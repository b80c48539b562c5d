namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>A special seat (expert, enterprise 直通车, leader, media, dialect): a named queue plus the skills it stands for.</summary>
public sealed record SeatDefinition
{
    public required string Id { get; init; }

    public required SeatKind Kind { get; init; }

    public string Name { get; init; } = "";

    /// <summary>The queue the seat's agents serve.</summary>
    public required string Queue { get; init; }

    /// <summary>Skills that mark 12345 calls for this seat; each must be held by some agent.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];
}
