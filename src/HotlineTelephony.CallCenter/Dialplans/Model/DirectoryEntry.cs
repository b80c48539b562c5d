namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>
/// A party agents can reach by three-way call or transfer: a department, a 帮办 desk, an expert seat, 110.
/// Exactly one of <see cref="Number"/> and <see cref="Uri"/> is set.
/// </summary>
public sealed record DirectoryEntry
{
    /// <summary>Short dial code (digits), used after the three-way feature code.</summary>
    public required string Code { get; init; }

    public required string Name { get; init; }

    public DirectoryCategory Category { get; init; } = DirectoryCategory.Department;

    /// <summary>Number dialled on <see cref="Trunk"/> (or an extension on this server when no trunk is set).</summary>
    public string? Number { get; init; }

    /// <summary>SIP URI dialled directly (sip:…, sips:…).</summary>
    public string? Uri { get; init; }

    /// <summary>Trunk (gateway) the call leaves on; null for numbers on this server.</summary>
    public string? Trunk { get; init; }
}
