using HotlineTelephony.CallCenter.Dialplans.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HotlineTelephony.CallCenter.Dialplans.Loading;

/// <summary>
/// Accumulates the sections of one or more files, then checks what only the whole plan can tell: references,
/// duplicates across files, and what the policy profile allows. Sections of different files are concatenated;
/// <c>policy</c> and <c>priorities</c> may appear in one file only.
/// </summary>
internal sealed partial class DialplanBuilder
{
    private static readonly string[] TopLevelKeys =
        ["policy", "numbers", "queues", "agents", "seats", "directory", "emergency", "trunks", "priorities", "menus", "caller_lists"];

    private readonly List<DialplanError> _errors = [];
    private readonly List<string> _sources = [];
    private readonly List<Reference> _references = [];

    private readonly Unique _queueIds = new("queue id");
    private readonly Unique _agentIds = new("agent id");
    private readonly Unique _extensions = new("extension");
    private readonly Unique _numbers = new("number");
    private readonly Unique _seatIds = new("seat id");
    private readonly Unique _directoryCodes = new("directory code");
    private readonly Unique _emergencyNumbers = new("emergency number");
    private readonly Unique _trunkNames = new("trunk name");
    private readonly Unique _menuIds = new("menu id");
    private readonly Unique _callerListNames = new("caller list");
    private readonly List<CallerList> _callerLists = [];

    private readonly List<(QueueDefinition Queue, bool ServiceLevelSet, YamlFile File, int OverflowLine)> _queues = [];
    private readonly List<AgentDefinition> _agents = [];
    private readonly List<Location> _agentExtensionLines = [];
    private readonly HashSet<string> _skills = new(StringComparer.Ordinal);
    private readonly List<NumberRoute> _numberRoutes = [];
    private readonly List<(NumberRoute Route, Location At)> _menuRoutes = [];
    private readonly List<SeatDefinition> _seats = [];
    private readonly List<DirectoryEntry> _directory = [];
    private readonly List<EmergencyTarget> _emergency = [];
    private readonly List<TrunkDefinition> _trunks = [];
    private readonly List<(MenuDefinition Menu, Location At)> _menus = [];

    private PolicyProfile? _policy;
    private Location _policyAt;
    private IReadOnlyList<int> _policyTargetLines = [];
    private PriorityTable? _priorities;
    private Location _prioritiesAt;

    public void Read(DialplanSource source)
    {
        _sources.Add(source.Name);
        var file = new YamlFile(source.Name, _errors);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(source.Text));
        }
        catch (YamlException ex)
        {
            var message = TrimMark(ex.Message);
            file.Error((int)ex.Start.Line, message.StartsWith("Duplicate key ", StringComparison.Ordinal)
                ? $"duplicate key '{message["Duplicate key ".Length..]}' (each key may appear once in a mapping)"
                : $"YAML syntax error: {message}");
            return;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException when the text ends inside [ … ] or { … }.
            var lines = source.Text.TrimEnd().Split('\n').Length;
            file.Error(lines, "YAML syntax error: the file ends inside a [ … ] or { … } that is never closed");
            return;
        }
        if (stream.Documents.Count == 0)
            return;
        if (stream.Documents.Count > 1)
            file.Error(stream.Documents[1].RootNode, "has more than one YAML document (---); write one per file");
        var root = stream.Documents[0].RootNode;
        if (YamlFile.IsNull(root))
            return;
        if (YamlMap.Of(file, root, "the file", TopLevelKeys) is not { } top)
            return;

        if (top.Get("policy") is { } policy)
            ReadPolicy(file, policy);
        if (top.Get("priorities") is { } priorities)
            ReadPriorities(file, priorities);
        ForEach(file, top, "trunks", ReadTrunk);
        ForEach(file, top, "queues", ReadQueue);
        ForEach(file, top, "agents", ReadAgent);
        ForEach(file, top, "seats", ReadSeat);
        ForEach(file, top, "directory", ReadDirectoryEntry);
        ForEach(file, top, "emergency", ReadEmergency);
        ForEach(file, top, "menus", ReadMenu);
        ForEach(file, top, "caller_lists", ReadCallerList);
        ForEach(file, top, "numbers", ReadNumber);
    }

    public DialplanLoadResult Build()
    {
        var policy = _policy ?? new PolicyProfile();
        CheckReferences();
        CheckAgentExtensions();
        CheckPolicy(policy);

        if (_errors.Count > 0)
        {
            return new DialplanLoadResult(null, [.. _errors
                .OrderBy(e => _sources.IndexOf(e.File))
                .ThenBy(e => e.Line)]);
        }

        // Queues inherit the policy's service level and callback retries, and have no overflow offer when the policy offers no diversion.
        var queues = _queues
            .Select(q => q.ServiceLevelSet ? q.Queue : q.Queue with { ServiceLevelSeconds = policy.ServiceLevelSeconds })
            .Select(q => policy.OverflowDiversion.Count == 0 ? q with { Overflow = q.Overflow with { Enabled = false } } : q)
            .Select(q => q with { CallbackMaxAttempts = policy.CallbackMaxAttempts, CallbackRetryIntervalSeconds = policy.CallbackRetryIntervalSeconds })
            .ToArray();
        var priorities = _priorities ?? new PriorityTable();
        var plan = new Dialplan
        {
            Policy = policy,
            Numbers = _numberRoutes.AsReadOnly(),
            Queues = Array.AsReadOnly(queues),
            Agents = _agents.AsReadOnly(),
            Seats = _seats.AsReadOnly(),
            Directory = _directory.AsReadOnly(),
            Emergency = _emergency.AsReadOnly(),
            Trunks = _trunks.AsReadOnly(),
            Priorities = priorities,
            Menus = Array.AsReadOnly(_menus.Select(m => m.Menu).ToArray()),
            CallerLists = _callerLists.AsReadOnly(),
            Sources = _sources.AsReadOnly(),
        };
        return new DialplanLoadResult(plan.Compile(), []);
    }

    private void CheckReferences()
    {
        var numberTexts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in _numberRoutes)
        {
            if (NumberPattern.TryParse(route.Number, out var p, out _) && p is not null)
                numberTexts.Add(p.Text);
        }
        foreach (var reference in _references)
        {
            var (known, label) = reference.Kind switch
            {
                ReferenceKind.Queue => (_queueIds.Contains(reference.Name), "queue"),
                ReferenceKind.Seat => (_seatIds.Contains(reference.Name), "seat"),
                ReferenceKind.Directory => (_directoryCodes.Contains(reference.Name), "directory code"),
                ReferenceKind.Emergency => (_emergencyNumbers.Contains(reference.Name), "emergency number (no emergency entry)"),
                ReferenceKind.Trunk => (_trunkNames.Contains(reference.Name), "trunk"),
                ReferenceKind.Menu => (_menuIds.Contains(reference.Name), "menu"),
                ReferenceKind.CallerList => (_callerListNames.Contains(reference.Name), "caller list (no caller_lists entry)"),
                ReferenceKind.Skill => (_skills.Contains(reference.Name), "skill (no agent has it)"),
                ReferenceKind.Number => (NumberPattern.TryParse(reference.Name, out var p, out _) && p is not null && numberTexts.Contains(p.Text), "number"),
                _ => (true, ""),
            };
            if (!known)
                _errors.Add(new DialplanError(reference.At.File, reference.At.Line, $"{reference.Owner} refers to unknown {label} '{reference.Name}'"));
        }
    }

    // When the plan routes agent extensions at all, every agent's extension must reach them: an agent whose phone no
    // dialled number can ring is a typo (2001 beside _1XXX), not a choice.
    private void CheckAgentExtensions()
    {
        if (!_numberRoutes.Any(r => r.Kind == NumberRouteKind.AgentExtension))
            return;
        var matcher = new NumberMatcher(_numberRoutes);
        for (var i = 0; i < _agents.Count; i++)
        {
            var agent = _agents[i];
            if (agent.Extension.Length == 0)
                continue;
            var route = matcher.Match(agent.Extension);
            if (route?.Kind != NumberRouteKind.AgentExtension)
            {
                var at = _agentExtensionLines[i];
                var reason = route is null ? "no number matches it" : $"it is routed to number '{route.Number}' ({EnumNames<NumberRouteKind>.NameOf(route.Kind)})";
                _errors.Add(new DialplanError(at.File, at.Line, $"agent '{agent.Id}' extension '{agent.Extension}' cannot ring the agent: {reason}"));
            }
        }
    }

    private void CheckPolicy(PolicyProfile policy)
    {
        if (!policy.IvrMenuEnabled)
        {
            foreach (var (menu, at) in _menus)
                _errors.Add(new DialplanError(at.File, at.Line, $"menu '{menu.Id}' is defined but policy.ivr_menu_enabled is false (GB/T 33358: no IVR menu on the hotline)"));
            foreach (var (route, at) in _menuRoutes)
                _errors.Add(new DialplanError(at.File, at.Line, $"number '{route.Number}' uses menu '{route.Menu}' but policy.ivr_menu_enabled is false"));
        }
        if (policy.OverflowDiversion.Count == 0)
        {
            foreach (var (queue, _, file, line) in _queues)
            {
                if (queue.Overflow.Enabled && line > 0)
                    file.Error(line, $"queue '{queue.Id}' has overflow enabled but policy.overflow_diversion is empty");
            }
        }
        if (_policy is not null)
        {
            for (var i = 0; i < policy.EmergencyTransferTargets.Count; i++)
            {
                var target = policy.EmergencyTransferTargets[i];
                if (!_emergencyNumbers.Contains(target))
                {
                    var line = i < _policyTargetLines.Count ? _policyTargetLines[i] : _policyAt.Line;
                    _errors.Add(new DialplanError(_policyAt.File, line, $"policy lists emergency transfer target '{target}' but emergency has no entry (gateway) for it"));
                }
            }
        }
    }

    private void ForEach(YamlFile file, YamlMap top, string section, Action<YamlFile, YamlNode> read)
    {
        if (top.Sequence(section) is not { } items)
            return;
        foreach (var item in items.Children)
            read(file, item);
    }

    private void Refer(ReferenceKind kind, string? name, YamlFile file, int line, string owner)
    {
        if (!string.IsNullOrEmpty(name))
            _references.Add(new Reference(kind, name, new Location(file.Name, line), owner));
    }

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the line is reported separately.
    private static string TrimMark(string message)
    {
        var dash = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && dash > 0 ? message[(dash + 3)..] : message;
    }

    private enum ReferenceKind
    {
        Queue,
        Seat,
        Directory,
        Emergency,
        Trunk,
        Menu,
        Skill,
        Number,
        CallerList,
    }

    private readonly record struct Reference(ReferenceKind Kind, string Name, Location At, string Owner);

    /// <summary>Names of one kind that must be unique across every file, with where each was first defined.</summary>
    private sealed class Unique(string label)
    {
        private readonly Dictionary<string, Location> _seen = new(StringComparer.Ordinal);

        public bool Contains(string name) => _seen.ContainsKey(name);

        /// <summary>Records <paramref name="name"/>; false (and an error) when it was already defined.</summary>
        public bool Add(string name, YamlFile file, int line)
        {
            if (string.IsNullOrEmpty(name))
                return false;
            if (_seen.TryGetValue(name, out var first))
            {
                file.Error(line, $"duplicate {label} '{name}' (first defined at {first})");
                return false;
            }
            _seen[name] = new Location(file.Name, line);
            return true;
        }
    }
}
