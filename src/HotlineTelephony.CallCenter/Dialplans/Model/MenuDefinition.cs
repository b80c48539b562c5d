namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>An optional IVR menu, honoured only when <see cref="PolicyProfile.IvrMenuEnabled"/> is true (R-CH-05).</summary>
public sealed record MenuDefinition
{
    public required string Id { get; init; }

    public required string Prompt { get; init; }

    public IReadOnlyList<MenuOption> Options { get; init; } = [];

    /// <summary>Seconds to wait for a key after the prompt.</summary>
    public int TimeoutSeconds { get; init; } = 5;

    /// <summary>Queue for callers who press nothing (no one is ever dropped by a menu).</summary>
    public required string DefaultQueue { get; init; }
}
