using HotlineTelephony.CallCenter.Dialplans;

namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>
/// One dialled-number route. <see cref="Number"/> is an exact number (digits, <c>*</c>, <c>#</c>, <c>+</c>) or an
/// Asterisk-style pattern (X = 0-9, Z = 1-9, N = 2-9, [1-5] ranges, trailing . = one or more, optional leading _).
/// Which of the target fields is set depends on <see cref="Kind"/>; the loader checks it.
/// </summary>
public sealed record NumberRoute
{
    public required string Number { get; init; }

    public required NumberRouteKind Kind { get; init; }

    public string Name { get; init; } = "";

    /// <summary>Prompt played before queueing (service and department lines); one short welcome, no advertising (R-CH-05).</summary>
    public string? WelcomePrompt { get; init; }

    /// <summary>Target queue (service, department_line).</summary>
    public string? Queue { get; init; }

    /// <summary>Special seat whose queue takes the call (department_line), instead of <see cref="Queue"/>.</summary>
    public string? Seat { get; init; }

    /// <summary>Directory code of the department whose own number this is (双号并行).</summary>
    public string? Department { get; init; }

    public FeatureCode? Feature { get; init; }

    /// <summary>Emergency number for <see cref="FeatureCode.EmergencyTransfer"/>.</summary>
    public string? Emergency { get; init; }

    /// <summary>Menu id (kind menu, or a service number with a menu when the policy enables menus).</summary>
    public string? Menu { get; init; }

    /// <summary>Conference room name (kind conference).</summary>
    public string? Room { get; init; }

    /// <summary>Count of leading literal characters of <see cref="Number"/> (its full length when exact).</summary>
    public int LiteralPrefixLength => NumberPattern.LiteralPrefixOf(Number);

    /// <summary>
    /// The part of <paramref name="dialled"/> after this route's literal prefix: the reason digit of a not-ready code,
    /// the directory code of a three-way code. Empty for exact numbers.
    /// </summary>
    public string ArgumentOf(string dialled)
    {
        ArgumentNullException.ThrowIfNull(dialled);
        var prefix = LiteralPrefixLength;
        return dialled.Length > prefix ? dialled[prefix..] : "";
    }
}
