using System.Collections.Frozen;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>
/// Routes a dialled number, compiled once per plan so it can run on every INVITE: exact numbers by a frozen hash
/// lookup first, then the patterns in precedence order (longest literal prefix; then fixed length before a trailing
/// wildcard; then the narrower pattern; then the order written). No allocation per lookup.
/// </summary>
internal sealed class NumberMatcher
{
    private readonly FrozenDictionary<string, NumberRoute>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly (NumberPattern Pattern, NumberRoute Route)[] _patterns;

    public NumberMatcher(IEnumerable<NumberRoute> routes)
    {
        var exact = new Dictionary<string, NumberRoute>(StringComparer.Ordinal);
        var patterns = new List<(NumberPattern Pattern, NumberRoute Route, int Order)>();
        var order = 0;
        foreach (var route in routes)
        {
            // The loader has refused invalid and duplicate numbers; a hand-built plan's bad entries are skipped.
            if (!NumberPattern.TryParse(route.Number, out var pattern, out _) || pattern is null)
                continue;
            if (pattern.IsExact)
                exact.TryAdd(pattern.Text, route);
            else
                patterns.Add((pattern, route, order++));
        }
        _exact = exact.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _patterns = [.. patterns
            .OrderByDescending(p => p.Pattern.LiteralPrefixLength)
            .ThenBy(p => p.Pattern.TrailingWildcard)
            .ThenBy(p => p.Pattern.Breadth)
            .ThenBy(p => p.Order)
            .Select(p => (p.Pattern, p.Route))];
    }

    public NumberRoute? Match(ReadOnlySpan<char> dialled)
    {
        if (_exact.TryGetValue(dialled, out var route))
            return route;
        foreach (var (pattern, candidate) in _patterns)
        {
            if (pattern.Matches(dialled))
                return candidate;
        }
        return null;
    }
}
