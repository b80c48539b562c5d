using System.Collections.Frozen;

namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>
/// A named list of caller numbers and number prefixes (enterprise 直通车, urgent water / power / gas / heating
/// reporters, VIPs), given a priority class by a <see cref="PriorityRule"/> with <see cref="PriorityCondition.CallerList"/>.
/// Numbers are compared after <see cref="Normalise"/>, so "+8613800000001" and "13800000001" are the same caller.
/// </summary>
public sealed record CallerList
{
    private FrozenSet<string>? _numbers;

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Whole numbers, normalised.</summary>
    public IReadOnlyList<string> Numbers { get; init; } = [];

    /// <summary>Leading digits (an area code, a company's number block), normalised.</summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    /// <summary>True when the caller's number is on the list or starts with one of its prefixes.</summary>
    public bool Contains(string callerNumber)
    {
        ArgumentNullException.ThrowIfNull(callerNumber);
        var number = Normalise(callerNumber);
        if (number.Length == 0)
        {
            return false;
        }

        _numbers ??= Numbers.ToFrozenSet(StringComparer.Ordinal);
        if (_numbers.Contains(number))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (number.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Drops a leading "+" and the country code 86 (before an 11-digit mobile or a 0-less area number).</summary>
    public static string Normalise(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var n = number.Trim();
        if (n.StartsWith('+'))
        {
            n = n[1..];
            if (n.StartsWith("86", StringComparison.Ordinal))
            {
                n = n[2..];
                return n.Length > 0 && n[0] != '1' ? "0" + n : n;
            }
        }

        return n;
    }
}
