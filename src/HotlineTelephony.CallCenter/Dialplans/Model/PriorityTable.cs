using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>Named caller priorities (defaults from <see cref="CallPriority"/>) and the rules that set them.</summary>
public sealed record PriorityTable
{
    public static IReadOnlyDictionary<string, int> DefaultLevels { get; } = new Dictionary<string, int>
    {
        ["normal"] = CallPriority.Normal,
        ["open_ticket"] = CallPriority.OpenTicket,
        ["urgent_utility"] = CallPriority.UrgentUtility,
        ["enterprise"] = CallPriority.Enterprise,
        ["transfer_from_110"] = CallPriority.TransferFrom110,
    };

    /// <summary>Level name → value; the defaults plus any the plan adds or overrides.</summary>
    public IReadOnlyDictionary<string, int> Levels { get; init; } = DefaultLevels;

    public IReadOnlyList<PriorityRule> Rules { get; init; } = [];

    /// <summary>
    /// The priority of a call: the highest of the matching rules, and never below <c>transfer_from_110</c> for a call
    /// from a 110-platform trunk (R-TEL-10).
    /// </summary>
    public int For(string? trunk, TrunkKind? trunkKind, string? dialled, bool hasOpenTicket, Func<string, bool>? isOnCallerList = null)
    {
        var priority = Levels.TryGetValue("normal", out var normal) ? normal : CallPriority.Normal;
        if (trunkKind == TrunkKind.Police110)
            priority = Math.Max(priority, Levels.TryGetValue("transfer_from_110", out var p110) ? p110 : CallPriority.TransferFrom110);
        foreach (var rule in Rules)
        {
            var matches = rule.Condition switch
            {
                PriorityCondition.Trunk => trunk == rule.Value,
                PriorityCondition.DialledNumber => dialled == rule.Value,
                PriorityCondition.OpenTicket => hasOpenTicket,
                PriorityCondition.CallerList => isOnCallerList?.Invoke(rule.Value) ?? false,
                _ => false,
            };
            if (matches)
                priority = Math.Max(priority, rule.Priority);
        }
        return priority;
    }
}
