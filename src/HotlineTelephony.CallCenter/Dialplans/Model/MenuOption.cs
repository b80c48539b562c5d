namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>One key of a menu: to a queue or to another menu (exactly one is set).</summary>
public sealed record MenuOption
{
    /// <summary>0-9, * or #.</summary>
    public required string Key { get; init; }

    public string? Queue { get; init; }

    public string? Menu { get; init; }
}
