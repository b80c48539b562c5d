using System.Collections.Frozen;
using HotlineTelephony.CallCenter.Dialplans;

namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>
/// One immutable dialplan snapshot: the city's policy profile, its numbers, queues, agents, seats, directory,
/// emergency gateways, trunks, priorities and (optional) menus. A call takes the snapshot current when it arrives
/// and keeps it to the end, so a reload never changes a call half-way (see <see cref="DialplanProvider"/>).
/// </summary>
public sealed record Dialplan
{
    private Lookups? _index;

    public Dialplan()
    {
    }

    // A copy made with `with` may change the collections, so it must not share the original's index.
    private Dialplan(Dialplan original)
    {
        Policy = original.Policy;
        Numbers = original.Numbers;
        Queues = original.Queues;
        Agents = original.Agents;
        Seats = original.Seats;
        Directory = original.Directory;
        Emergency = original.Emergency;
        Trunks = original.Trunks;
        Priorities = original.Priorities;
        Menus = original.Menus;
        CallerLists = original.CallerLists;
        Sources = original.Sources;
        Generation = original.Generation;
    }

    public PolicyProfile Policy { get; init; } = new();

    public IReadOnlyList<NumberRoute> Numbers { get; init; } = [];

    public IReadOnlyList<QueueDefinition> Queues { get; init; } = [];

    public IReadOnlyList<AgentDefinition> Agents { get; init; } = [];

    public IReadOnlyList<SeatDefinition> Seats { get; init; } = [];

    public IReadOnlyList<DirectoryEntry> Directory { get; init; } = [];

    public IReadOnlyList<EmergencyTarget> Emergency { get; init; } = [];

    public IReadOnlyList<TrunkDefinition> Trunks { get; init; } = [];

    public PriorityTable Priorities { get; init; } = new();

    /// <summary>Optional IVR menus; the loader refuses them unless <see cref="PolicyProfile.IvrMenuEnabled"/>.</summary>
    public IReadOnlyList<MenuDefinition> Menus { get; init; } = [];

    /// <summary>Named lists of caller numbers and prefixes that priority rules refer to.</summary>
    public IReadOnlyList<CallerList> CallerLists { get; init; } = [];

    /// <summary>The files this snapshot was loaded from, in load order.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Counts successful loads of a provider (1 for the first); lets records say which plan a call ran on.</summary>
    public long Generation { get; init; }

    /// <summary>The route for <paramref name="dialledNumber"/>: an exact number first, then the best pattern; null when none matches.</summary>
    public NumberRoute? Route(string dialledNumber)
    {
        ArgumentNullException.ThrowIfNull(dialledNumber);
        return Indexed.Matcher.Match(dialledNumber);
    }

    /// <inheritdoc cref="Route(string)"/>
    public NumberRoute? Route(ReadOnlySpan<char> dialledNumber) => Indexed.Matcher.Match(dialledNumber);

    public QueueDefinition? FindQueue(string id) => Indexed.Queues.GetValueOrDefault(id);

    public AgentDefinition? FindAgent(string id) => Indexed.Agents.GetValueOrDefault(id);

    public AgentDefinition? FindAgentByExtension(string extension) => Indexed.Extensions.GetValueOrDefault(extension);

    public SeatDefinition? FindSeat(string id) => Indexed.Seats.GetValueOrDefault(id);

    public DirectoryEntry? FindDirectoryEntry(string code) => Indexed.DirectoryCodes.GetValueOrDefault(code);

    public EmergencyTarget? FindEmergency(string number) => Indexed.Emergency.GetValueOrDefault(number);

    public TrunkDefinition? FindTrunk(string name) => Indexed.Trunks.GetValueOrDefault(name);

    public MenuDefinition? FindMenu(string id) => Indexed.Menus.GetValueOrDefault(id);

    public CallerList? FindCallerList(string name) => Indexed.CallerLists.GetValueOrDefault(name);

    /// <summary>True when <paramref name="callerNumber"/> is on the caller list named <paramref name="listName"/>.</summary>
    public bool IsOnCallerList(string listName, string callerNumber) =>
        FindCallerList(listName)?.Contains(callerNumber) ?? false;

    /// <summary>The transfer mode of an emergency target: its own, else the policy's.</summary>
    public EmergencyTransferMode ModeOf(EmergencyTarget target) => target.Mode ?? Policy.EmergencyTransferMode;

    /// <summary>Builds the lookup tables and the number matcher now rather than on the first call (the loader does).</summary>
    public Dialplan Compile()
    {
        _ = Indexed;
        return this;
    }

    private Lookups Indexed => _index ?? Interlocked.CompareExchange(ref _index, new Lookups(this), null) ?? _index;

    private sealed class Lookups(Dialplan plan)
    {
        public NumberMatcher Matcher { get; } = new(plan.Numbers);
        public FrozenDictionary<string, QueueDefinition> Queues { get; } = ToLookup(plan.Queues, q => q.Id);
        public FrozenDictionary<string, AgentDefinition> Agents { get; } = ToLookup(plan.Agents, a => a.Id);
        public FrozenDictionary<string, AgentDefinition> Extensions { get; } = ToLookup(plan.Agents, a => a.Extension);
        public FrozenDictionary<string, SeatDefinition> Seats { get; } = ToLookup(plan.Seats, s => s.Id);
        public FrozenDictionary<string, DirectoryEntry> DirectoryCodes { get; } = ToLookup(plan.Directory, d => d.Code);
        public FrozenDictionary<string, EmergencyTarget> Emergency { get; } = ToLookup(plan.Emergency, e => e.Number);
        public FrozenDictionary<string, TrunkDefinition> Trunks { get; } = ToLookup(plan.Trunks, t => t.Name);
        public FrozenDictionary<string, MenuDefinition> Menus { get; } = ToLookup(plan.Menus, m => m.Id);
        public FrozenDictionary<string, CallerList> CallerLists { get; } = ToLookup(plan.CallerLists, l => l.Name);

        private static FrozenDictionary<string, T> ToLookup<T>(IReadOnlyList<T> items, Func<T, string> key)
        {
            var map = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var item in items)
                map.TryAdd(key(item), item);
            return map.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }
}
