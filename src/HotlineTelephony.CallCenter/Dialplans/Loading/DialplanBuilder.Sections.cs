using System.Net;
using System.Text.RegularExpressions;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;
using YamlDotNet.RepresentationModel;

namespace HotlineTelephony.CallCenter.Dialplans.Loading;

internal sealed partial class DialplanBuilder
{
    private static readonly string[] HeaderPlaceholders = ["caller_number", "call_id", "agent_id", "ticket_id", "centre", "incident_id"];

    private void ReadPolicy(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "policy",
                "name", "answer_sla_seconds", "connection_rate_target_percent", "connection_rate_window", "ivr_menu_enabled",
                "overflow_diversion", "missed_call_callback", "emergency_transfer_targets", "emergency_transfer_mode",
                "three_way_110_enabled", "caller_restriction_days", "restricted_caller", "recording_retention_days",
                "service_level_seconds", "callback_max_attempts", "callback_retry_interval_seconds", "reporting_utc_offset_hours",
                "open_ticket_lookup_timeout_ms") is not { } map)
            return;
        if (_policy is not null)
        {
            file.Error(map.Line, $"policy is already defined at {_policyAt}; a plan has one policy profile");
            return;
        }
        var defaults = new PolicyProfile();

        var diversions = new List<OverflowDiversion>();
        if (map.Sequence("overflow_diversion") is { } seq)
        {
            foreach (var item in seq.Children)
            {
                if (YamlMap.ParseEnum<OverflowDiversion>(file, item, "policy", "overflow diversion") is { } d && !diversions.Contains(d))
                    diversions.Add(d);
            }
        }

        IReadOnlyList<string> targets = defaults.EmergencyTransferTargets;
        _policyTargetLines = [];
        if (map.Has("emergency_transfer_targets"))
        {
            targets = map.Strings("emergency_transfer_targets", out var targetLines);
            _policyTargetLines = targetLines;
        }

        var restricted = defaults.RestrictedCaller;
        if (map.Get("restricted_caller") is { } rc && YamlMap.Of(file, rc, "policy.restricted_caller", "behaviour", "emergency_key", "emergency_target", "queue") is { } rcMap)
        {
            restricted = new RestrictedCallerPolicy
            {
                Behaviour = rcMap.Enum("behaviour", restricted.Behaviour, "restricted-caller behaviour"),
                EmergencyKey = DialKey(rcMap, "emergency_key", restricted.EmergencyKey),
                EmergencyTarget = rcMap.String("emergency_target") ?? restricted.EmergencyTarget,
                Queue = rcMap.String("queue"),
            };
            Refer(ReferenceKind.Emergency, restricted.EmergencyTarget, file, rcMap.LineOf("emergency_target"), "policy.restricted_caller");
            Refer(ReferenceKind.Queue, restricted.Queue, file, rcMap.LineOf("queue"), "policy.restricted_caller");
            if (restricted.Behaviour == RestrictedCallerBehaviour.SupervisorQueue && restricted.Queue is null)
                file.Error(rcMap.Line, "policy.restricted_caller: behaviour supervisor_queue needs a queue");
        }
        else
        {
            Refer(ReferenceKind.Emergency, restricted.EmergencyTarget, file, map.Line, "policy.restricted_caller (default)");
        }

        _policy = new PolicyProfile
        {
            Name = map.String("name") ?? "",
            AnswerSlaSeconds = map.Int("answer_sla_seconds", defaults.AnswerSlaSeconds, 1, 300),
            ConnectionRateTargetPercent = map.Double("connection_rate_target_percent", defaults.ConnectionRateTargetPercent, 0, 100),
            ConnectionRateWindow = map.Enum("connection_rate_window", defaults.ConnectionRateWindow, "connection-rate window"),
            IvrMenuEnabled = map.Bool("ivr_menu_enabled", defaults.IvrMenuEnabled),
            OverflowDiversion = map.Has("overflow_diversion") ? diversions.AsReadOnly() : defaults.OverflowDiversion,
            MissedCallCallback = map.Bool("missed_call_callback", defaults.MissedCallCallback),
            CallbackMaxAttempts = map.Int("callback_max_attempts", defaults.CallbackMaxAttempts, 1, 10),
            CallbackRetryIntervalSeconds = map.Int("callback_retry_interval_seconds", defaults.CallbackRetryIntervalSeconds, 10, 86400),
            ReportingUtcOffsetHours = map.Int("reporting_utc_offset_hours", defaults.ReportingUtcOffsetHours, -12, 14),
            OpenTicketLookupTimeoutMs = map.Int("open_ticket_lookup_timeout_ms", defaults.OpenTicketLookupTimeoutMs, 10, 5000),
            EmergencyTransferTargets = targets,
            EmergencyTransferMode = map.Enum("emergency_transfer_mode", defaults.EmergencyTransferMode, "emergency transfer mode"),
            ThreeWay110Enabled = map.Bool("three_way_110_enabled", defaults.ThreeWay110Enabled),
            CallerRestrictionDays = map.Int("caller_restriction_days", defaults.CallerRestrictionDays, 0, 365),
            RestrictedCaller = restricted,
            RecordingRetentionDays = map.Int("recording_retention_days", defaults.RecordingRetentionDays, 1, 3650),
            ServiceLevelSeconds = map.Int("service_level_seconds", defaults.ServiceLevelSeconds, 1, 300),
        };
        _policyAt = new Location(file.Name, map.Line);
    }

    private void ReadQueue(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "queue",
                "id", "name", "strategy", "skills", "widening", "ring_timeout_seconds", "max_consecutive_misses",
                "wrap_up_seconds", "announce_position", "announce_estimated_wait", "announce_every_seconds",
                "abandoned_reentry_seconds", "short_abandon_seconds", "service_level_seconds", "overflow", "weight") is not { } map)
            return;
        var id = Id(map, "id", "queue");
        _queueIds.Add(id, file, map.LineOf("id"));
        var what = map.What;
        var defaults = new QueueDefinition { Id = id };

        var skills = new List<SkillRequirement>();
        if (map.Sequence("skills") is { } skillSeq)
        {
            foreach (var item in skillSeq.Children)
            {
                if (YamlMap.Of(file, item, $"{what} skill", "skill", "min_level") is not { } s)
                    continue;
                var skill = s.RequiredString("skill");
                skills.Add(new SkillRequirement(skill, s.Int("min_level", 1, 1, 5)));
                Refer(ReferenceKind.Skill, skill, file, s.LineOf("skill"), what);
            }
        }

        var widening = new List<WideningStep>();
        if (map.Sequence("widening") is { } wideningSeq)
        {
            if (skills.Count == 0 && wideningSeq.Children.Count > 0)
                file.Error(wideningSeq, $"{what} has widening steps but no skills to widen");
            var previousLevel = skills.Count > 0 ? skills.Min(s => s.MinLevel) : 5;
            foreach (var item in wideningSeq.Children)
            {
                if (YamlMap.Of(file, item, $"{what} widening step", "after_seconds", "min_level") is not { } w)
                    continue;
                var step = new WideningStep(w.Int("after_seconds", 0, 1, 3600), w.Int("min_level", 0, 0, 5));
                if (widening.Count > 0 && step.AfterSeconds <= widening[^1].AfterSeconds)
                    file.Error(w.LineOf("after_seconds"), $"{what}: widening steps out of order (after_seconds {step.AfterSeconds} is not after {widening[^1].AfterSeconds})");
                else if (step.MinLevel > previousLevel)
                    file.Error(w.LineOf("min_level"), $"{what}: widening step at {step.AfterSeconds} s raises min_level to {step.MinLevel} (widening may only lower it, from {previousLevel})");
                previousLevel = Math.Min(previousLevel, step.MinLevel);
                widening.Add(step);
            }
        }

        var overflow = defaults.Overflow;
        var overflowLine = 0;
        if (map.Get("overflow") is { } of && YamlMap.Of(file, of, $"{what} overflow",
                "enabled", "estimated_wait_seconds", "voice_message_key", "callback_key", "sms_link_key", "key_timeout_seconds") is { } o)
        {
            overflow = new OverflowPolicy
            {
                Enabled = o.Bool("enabled", overflow.Enabled),
                EstimatedWaitSeconds = o.Int("estimated_wait_seconds", overflow.EstimatedWaitSeconds, 10, 3600),
                VoiceMessageKey = DialKey(o, "voice_message_key", overflow.VoiceMessageKey),
                CallbackKey = DialKey(o, "callback_key", overflow.CallbackKey),
                SmsLinkKey = DialKey(o, "sms_link_key", overflow.SmsLinkKey),
                KeyTimeoutSeconds = o.Int("key_timeout_seconds", overflow.KeyTimeoutSeconds, 1, 30),
            };
            if (overflow.Enabled)
                overflowLine = o.LineOf("enabled");
            var keys = new[] { overflow.VoiceMessageKey, overflow.CallbackKey, overflow.SmsLinkKey };
            if (keys.Distinct().Count() != keys.Length)
                file.Error(o.Line, $"{what} overflow uses the same key for two choices ({string.Join(", ", keys)})");
        }

        var queue = new QueueDefinition
        {
            Id = id,
            Name = map.String("name") ?? "",
            Strategy = map.Enum("strategy", defaults.Strategy, "strategy"),
            Skills = skills.AsReadOnly(),
            Widening = widening.AsReadOnly(),
            RingTimeoutSeconds = map.Int("ring_timeout_seconds", defaults.RingTimeoutSeconds, 5, 120),
            MaxConsecutiveMisses = map.Int("max_consecutive_misses", defaults.MaxConsecutiveMisses, 1, 10),
            WrapUpSeconds = map.Int("wrap_up_seconds", defaults.WrapUpSeconds, 0, 600),
            AnnouncePosition = map.Bool("announce_position", defaults.AnnouncePosition),
            AnnounceEstimatedWait = map.Bool("announce_estimated_wait", defaults.AnnounceEstimatedWait),
            AnnounceEverySeconds = map.Int("announce_every_seconds", defaults.AnnounceEverySeconds, 10, 600),
            AbandonedReentrySeconds = map.Int("abandoned_reentry_seconds", defaults.AbandonedReentrySeconds, 0, 3600),
            ShortAbandonSeconds = map.Int("short_abandon_seconds", defaults.ShortAbandonSeconds, 0, 60),
            ServiceLevelSeconds = map.Int("service_level_seconds", defaults.ServiceLevelSeconds, 1, 300),
            Overflow = overflow,
            Weight = map.Double("weight", defaults.Weight, 0.1, 100),
        };
        _queues.Add((queue, map.Has("service_level_seconds"), file, overflowLine));
    }

    private void ReadAgent(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "agent", "id", "name", "extension", "queues", "skills") is not { } map)
            return;
        var id = Id(map, "id", "agent");
        _agentIds.Add(id, file, map.LineOf("id"));
        var extension = map.RequiredString("extension");
        if (extension.Length > 0 && !ExtensionSyntax().IsMatch(extension))
            file.Error(map.LineOf("extension"), $"{map.What}: extension '{extension}' may only use letters, digits, '.', '-', '_', '+'");
        _extensions.Add(extension, file, map.LineOf("extension"));

        var queues = map.Strings("queues", out var queueLines);
        for (var i = 0; i < queues.Count; i++)
            Refer(ReferenceKind.Queue, queues[i], file, queueLines[i], map.What);

        var skills = new Dictionary<string, int>(StringComparer.Ordinal);
        if (map.Mapping("skills") is { } skillMap)
        {
            foreach (var (key, value) in skillMap.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (value is not YamlScalarNode { Value: { } text } || !int.TryParse(text, out var level))
                {
                    file.Error(value, $"{map.What}: skill '{name}' level must be a whole number 1–5, not {YamlFile.Describe(value)}");
                    continue;
                }
                if (level is < 1 or > 5)
                {
                    file.Error(value, $"{map.What}: skill '{name}' level {level} is out of range (1–5)");
                    continue;
                }
                skills[name] = level;
                _skills.Add(name);
            }
        }
        _agentExtensionLines.Add(new Location(file.Name, map.LineOf("extension")));
        _agents.Add(new AgentDefinition
        {
            Id = id,
            Name = map.String("name") ?? "",
            Extension = extension,
            Queues = queues,
            Skills = skills,
        });
    }

    private void ReadSeat(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "seat", "id", "kind", "name", "queue", "skills") is not { } map)
            return;
        var id = Id(map, "id", "seat");
        _seatIds.Add(id, file, map.LineOf("id"));
        var kind = map.OptionalEnum<SeatKind>("kind", "seat kind");
        if (!map.Has("kind"))
            file.Error(map.Line, $"{map.What} is missing 'kind'");
        var queue = map.RequiredString("queue");
        Refer(ReferenceKind.Queue, queue, file, map.LineOf("queue"), map.What);
        var skills = map.Strings("skills", out var skillLines);
        for (var i = 0; i < skills.Count; i++)
            Refer(ReferenceKind.Skill, skills[i], file, skillLines[i], map.What);
        _seats.Add(new SeatDefinition { Id = id, Kind = kind ?? SeatKind.Expert, Name = map.String("name") ?? "", Queue = queue, Skills = skills });
    }

    private void ReadDirectoryEntry(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "directory entry", "code", "name", "category", "number", "uri", "trunk") is not { } map)
            return;
        var code = map.RequiredString("code");
        map.What = $"directory entry '{code}'";
        if (code.Length > 0 && !code.All(char.IsAsciiDigit))
            file.Error(map.LineOf("code"), $"{map.What}: code must be digits (it is dialled after the three-way feature code)");
        _directoryCodes.Add(code, file, map.LineOf("code"));
        var number = map.String("number");
        var uri = map.String("uri");
        if ((number is null) == (uri is null))
            file.Error(map.Line, $"{map.What} needs exactly one of 'number' and 'uri'");
        if (number is not null && !DialString().IsMatch(number))
            file.Error(map.LineOf("number"), $"{map.What}: number '{number}' may only use digits, '*', '#', '+'");
        if (uri is not null && !IsSipUri(uri))
            file.Error(map.LineOf("uri"), $"{map.What}: uri '{uri}' must be a sip:, sips: or tel: URI");
        var trunk = map.String("trunk");
        Refer(ReferenceKind.Trunk, trunk, file, map.LineOf("trunk"), map.What);
        _directory.Add(new DirectoryEntry
        {
            Code = code,
            Name = map.RequiredString("name"),
            Category = map.Enum("category", DirectoryCategory.Department, "category"),
            Number = number,
            Uri = uri,
            Trunk = trunk,
        });
    }

    private void ReadEmergency(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "emergency entry", "number", "name", "trunk", "destination", "ring_timeout_seconds", "mode", "headers") is not { } map)
            return;
        var number = map.RequiredString("number");
        map.What = $"emergency number '{number}'";
        if (number.Length > 0 && !number.All(char.IsAsciiDigit))
            file.Error(map.LineOf("number"), $"{map.What}: number must be digits");
        _emergencyNumbers.Add(number, file, map.LineOf("number"));
        var trunk = map.String("trunk");
        if (string.IsNullOrEmpty(trunk))
            file.Error(map.Line, $"{map.What} has no gateway: set 'trunk' to the trunk it is transferred on");
        Refer(ReferenceKind.Trunk, trunk, file, map.LineOf("trunk"), map.What);
        var destination = map.String("destination") ?? number;
        if (!DialString().IsMatch(destination) && !IsSipUri(destination))
            file.Error(map.LineOf("destination"), $"{map.What}: destination '{destination}' must be a number or a sip:, sips: or tel: URI");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (map.Mapping("headers") is { } headerMap)
        {
            foreach (var (key, value) in headerMap.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!HeaderName().IsMatch(name))
                {
                    file.Error(key, $"{map.What}: '{name}' is not a valid SIP header name");
                    continue;
                }
                if (value is not YamlScalarNode { Value: { } template })
                {
                    file.Error(value, $"{map.What}: header {name} must be a text value, not {YamlFile.Describe(value)}");
                    continue;
                }
                foreach (Match m in Placeholder().Matches(template))
                {
                    if (!HeaderPlaceholders.Contains(m.Groups[1].Value))
                        file.Error(value, $"{map.What}: header {name} uses unknown placeholder '{{{m.Groups[1].Value}}}' (expected {string.Join(", ", HeaderPlaceholders.Select(p => "{" + p + "}"))})");
                }
                if (!headers.TryAdd(name, template))
                    file.Error(key, $"{map.What}: header {name} is listed twice");
            }
        }
        _emergency.Add(new EmergencyTarget
        {
            Number = number,
            Name = map.String("name") ?? "",
            Trunk = trunk ?? "",
            Destination = destination,
            RingTimeoutSeconds = map.Int("ring_timeout_seconds", 30, 5, 120),
            Mode = map.OptionalEnum<EmergencyTransferMode>("mode", "transfer mode"),
            Headers = headers,
        });
    }

    private void ReadTrunk(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "trunk", "name", "address", "port", "kind", "incident_header") is not { } map)
            return;
        var name = Id(map, "name", "trunk");
        _trunkNames.Add(name, file, map.LineOf("name"));
        var address = map.RequiredString("address");
        if (address.Length > 0 && !IPAddress.TryParse(address, out _) && !IPNetwork.TryParse(address, out _))
            file.Error(map.LineOf("address"), $"{map.What}: address '{address}' is not an IP address or CIDR block");
        var port = map.Int("port", 5060, 1, 65535);
        var kind = map.Enum("kind", TrunkKind.Carrier, "trunk kind");
        var incidentHeader = map.String("incident_header");
        if (incidentHeader is not null && !HeaderName().IsMatch(incidentHeader))
            file.Error(map.LineOf("incident_header"), $"{map.What}: '{incidentHeader}' is not a valid SIP header name");
        if (kind == TrunkKind.Police110 && incidentHeader is null)
            file.Error(map.Line, $"{map.What} (police_110) needs 'incident_header': the header that carries the 110 incident reference");
        _trunks.Add(new TrunkDefinition { Name = name, Address = address, Port = port, Kind = kind, IncidentHeader = incidentHeader });
    }

    private void ReadPriorities(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "priorities", "levels", "rules") is not { } map)
            return;
        if (_priorities is not null)
        {
            file.Error(map.Line, $"priorities are already defined at {_prioritiesAt}");
            return;
        }
        var levels = new Dictionary<string, int>(PriorityTable.DefaultLevels, StringComparer.Ordinal);
        if (map.Mapping("levels") is { } levelMap)
        {
            foreach (var (key, value) in levelMap.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (value is YamlScalarNode { Value: { } text } && int.TryParse(text, out var level) && level is >= 0 and <= 1000)
                    levels[name] = level;
                else
                    file.Error(value, $"priorities: level '{name}' must be a whole number 0–1000, not {YamlFile.Describe(value)}");
            }
        }
        var rules = new List<PriorityRule>();
        if (map.Sequence("rules") is { } ruleSeq)
        {
            foreach (var item in ruleSeq.Children)
            {
                if (YamlMap.Of(file, item, "priority rule", "trunk", "caller_list", "open_ticket", "dialled_number", "level") is not { } r)
                    continue;
                var conditions = new[] { "trunk", "caller_list", "open_ticket", "dialled_number" }.Where(r.Has).ToArray();
                if (conditions.Length != 1)
                {
                    file.Error(r.Line, $"priority rule needs exactly one of trunk, caller_list, open_ticket, dialled_number (has {(conditions.Length == 0 ? "none" : string.Join(", ", conditions))})");
                    continue;
                }
                var levelName = r.RequiredString("level");
                if (levelName.Length > 0 && !levels.ContainsKey(levelName))
                    file.Error(r.LineOf("level"), $"priority rule refers to unknown level '{levelName}' (expected {string.Join(", ", levels.Keys)})");
                var condition = conditions[0] switch
                {
                    "trunk" => PriorityCondition.Trunk,
                    "caller_list" => PriorityCondition.CallerList,
                    "open_ticket" => PriorityCondition.OpenTicket,
                    _ => PriorityCondition.DialledNumber,
                };
                var value = condition == PriorityCondition.OpenTicket ? "" : r.RequiredString(conditions[0]);
                if (condition == PriorityCondition.OpenTicket && !r.Bool("open_ticket", true))
                    file.Error(r.LineOf("open_ticket"), "priority rule: open_ticket may only be true");
                if (condition == PriorityCondition.Trunk)
                    Refer(ReferenceKind.Trunk, value, file, r.LineOf("trunk"), "priority rule");
                if (condition == PriorityCondition.DialledNumber)
                    Refer(ReferenceKind.Number, value, file, r.LineOf("dialled_number"), "priority rule");
                if (condition == PriorityCondition.CallerList)
                    Refer(ReferenceKind.CallerList, value, file, r.LineOf("caller_list"), "priority rule");
                rules.Add(new PriorityRule
                {
                    Condition = condition,
                    Value = value,
                    Level = levelName,
                    Priority = levels.GetValueOrDefault(levelName, CallPriority.Normal),
                });
            }
        }
        _priorities = new PriorityTable { Levels = levels, Rules = rules.AsReadOnly() };
        _prioritiesAt = new Location(file.Name, map.Line);
    }

    private void ReadCallerList(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "caller list", "name", "description", "numbers", "prefixes") is not { } map)
            return;
        var name = Id(map, "name", "caller list");
        _callerListNames.Add(name, file, map.LineOf("name"));
        var what = $"caller list '{name}'";
        var numbers = ListOfNumbers(file, map, "numbers", what, "number");
        var prefixes = ListOfNumbers(file, map, "prefixes", what, "prefix");
        if (numbers.Count == 0 && prefixes.Count == 0)
            file.Error(map.Line, $"{what} has neither numbers nor prefixes");
        _callerLists.Add(new CallerList
        {
            Name = name,
            Description = map.String("description") ?? "",
            Numbers = numbers,
            Prefixes = prefixes,
        });
    }

    // Digits after an optional leading '+', normalised (CallerList.Normalise); each at most once in the list.
    private static IReadOnlyList<string> ListOfNumbers(YamlFile file, YamlMap map, string key, string what, string noun)
    {
        var values = map.Strings(key, out var lines);
        var result = new List<string>(values.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var text = values[i];
            if (!CallerNumberSyntax().IsMatch(text))
            {
                file.Error(lines[i], $"{what}: {noun} '{text}' must be digits, optionally after a leading '+'");
                continue;
            }
            var normalised = CallerList.Normalise(text);
            if (seen.TryGetValue(normalised, out var first))
            {
                file.Error(lines[i], $"{what}: {noun} '{text}' is listed twice (first at line {first})");
                continue;
            }
            seen.Add(normalised, lines[i]);
            result.Add(normalised);
        }
        return result.AsReadOnly();
    }

    [GeneratedRegex(@"^\+?[0-9]{1,20}$")]
    private static partial Regex CallerNumberSyntax();

    private void ReadMenu(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "menu", "id", "prompt", "options", "timeout_seconds", "default_queue") is not { } map)
            return;
        var id = Id(map, "id", "menu");
        _menuIds.Add(id, file, map.LineOf("id"));
        var defaultQueue = map.RequiredString("default_queue");
        Refer(ReferenceKind.Queue, defaultQueue, file, map.LineOf("default_queue"), map.What);
        var options = new List<MenuOption>();
        if (map.Sequence("options") is { } seq)
        {
            foreach (var item in seq.Children)
            {
                if (YamlMap.Of(file, item, $"{map.What} option", "key", "queue", "menu") is not { } o)
                    continue;
                var key = DialKey(o, "key", "");
                if (key.Length == 0 && !o.Has("key"))
                    file.Error(o.Line, $"{map.What} option is missing 'key'");
                if (options.Any(x => x.Key == key) && key.Length > 0)
                    file.Error(o.LineOf("key"), $"{map.What}: key '{key}' is used twice");
                var queue = o.String("queue");
                var menu = o.String("menu");
                if ((queue is null) == (menu is null))
                    file.Error(o.Line, $"{map.What} option '{key}' needs exactly one of 'queue' and 'menu'");
                Refer(ReferenceKind.Queue, queue, file, o.LineOf("queue"), map.What);
                Refer(ReferenceKind.Menu, menu, file, o.LineOf("menu"), map.What);
                options.Add(new MenuOption { Key = key, Queue = queue, Menu = menu });
            }
        }
        var definition = new MenuDefinition
        {
            Id = id,
            Prompt = map.RequiredString("prompt"),
            Options = options.AsReadOnly(),
            TimeoutSeconds = map.Int("timeout_seconds", 5, 1, 30),
            DefaultQueue = defaultQueue,
        };
        _menus.Add((definition, new Location(file.Name, map.Line)));
    }

    // Which fields each kind of number takes; a field another kind uses is refused rather than ignored.
    private static readonly Dictionary<NumberRouteKind, string[]> NumberFields = new()
    {
        [NumberRouteKind.Service] = ["queue", "welcome_prompt", "menu"],
        [NumberRouteKind.DepartmentLine] = ["queue", "seat", "department", "welcome_prompt"],
        [NumberRouteKind.AgentExtension] = [],
        [NumberRouteKind.Feature] = ["feature", "emergency"],
        [NumberRouteKind.Conference] = ["room"],
        [NumberRouteKind.Menu] = ["menu", "welcome_prompt"],
    };

    private void ReadNumber(YamlFile file, YamlNode node)
    {
        if (YamlMap.Of(file, node, "number",
                "number", "kind", "name", "welcome_prompt", "queue", "seat", "department", "feature", "emergency", "menu", "room") is not { } map)
            return;
        var number = map.RequiredString("number");
        map.What = $"number '{number}'";
        var canonical = number;
        if (number.Length > 0)
        {
            if (NumberPattern.TryParse(number, out var pattern, out var error) && pattern is not null)
                canonical = pattern.Text;
            else
                file.Error(map.LineOf("number"), $"{map.What} {error}");
        }
        _numbers.Add(canonical, file, map.LineOf("number"));

        if (!map.Has("kind"))
        {
            file.Error(map.Line, $"{map.What} is missing 'kind'");
            return;
        }
        if (map.OptionalEnum<NumberRouteKind>("kind", "kind") is not { } kind)
            return;
        var what = $"{map.What} ({EnumNames<NumberRouteKind>.NameOf(kind)})";
        foreach (var field in NumberFields.Values.SelectMany(f => f).Distinct())
        {
            if (map.Has(field) && !NumberFields[kind].Contains(field))
                file.Error(map.LineOf(field), $"{what} does not take '{field}'");
        }

        var route = new NumberRoute
        {
            Number = number,
            Kind = kind,
            Name = map.String("name") ?? "",
            WelcomePrompt = NumberFields[kind].Contains("welcome_prompt") ? map.String("welcome_prompt") ?? "welcome" : null,
            Queue = Take(map, kind, "queue"),
            Seat = Take(map, kind, "seat"),
            Department = Take(map, kind, "department"),
            Feature = NumberFields[kind].Contains("feature") ? map.OptionalEnum<FeatureCode>("feature", "feature") : null,
            Emergency = Take(map, kind, "emergency"),
            Menu = Take(map, kind, "menu"),
            Room = kind == NumberRouteKind.Conference ? map.String("room") ?? number : null,
        };

        switch (kind)
        {
            case NumberRouteKind.Service when route.Queue is null && route.Menu is null:
                file.Error(map.Line, $"{what} needs a 'queue'");
                break;
            case NumberRouteKind.DepartmentLine when (route.Queue is null) == (route.Seat is null):
                file.Error(map.Line, $"{what} needs exactly one of 'queue' and 'seat'");
                break;
            case NumberRouteKind.Feature when route.Feature is null && !map.Has("feature"):
                file.Error(map.Line, $"{what} is missing 'feature'");
                break;
            case NumberRouteKind.Feature when route.Feature == FeatureCode.EmergencyTransfer && route.Emergency is null:
                file.Error(map.Line, $"{what}: emergency_transfer needs 'emergency' (the emergency number)");
                break;
            case NumberRouteKind.Feature when route.Feature != FeatureCode.EmergencyTransfer && route.Emergency is not null:
                file.Error(map.LineOf("emergency"), $"{what}: only emergency_transfer takes 'emergency'");
                break;
            case NumberRouteKind.Menu when route.Menu is null:
                file.Error(map.Line, $"{what} is missing 'menu'");
                break;
        }

        Refer(ReferenceKind.Queue, route.Queue, file, map.LineOf("queue"), what);
        Refer(ReferenceKind.Seat, route.Seat, file, map.LineOf("seat"), what);
        Refer(ReferenceKind.Directory, route.Department, file, map.LineOf("department"), what);
        Refer(ReferenceKind.Emergency, route.Emergency, file, map.LineOf("emergency"), what);
        Refer(ReferenceKind.Menu, route.Menu, file, map.LineOf("menu"), what);
        if (route.Menu is not null)
            _menuRoutes.Add((route, new Location(file.Name, map.LineOf("menu"))));
        _numberRoutes.Add(route);
    }

    private static string? Take(YamlMap map, NumberRouteKind kind, string field) =>
        NumberFields[kind].Contains(field) ? map.String(field) : null;

    private static string Id(YamlMap map, string key, string what)
    {
        var id = map.RequiredString(key);
        map.What = $"{what} '{id}'";
        if (id.Length > 0 && !IdSyntax().IsMatch(id))
            map.File.Error(map.LineOf(key), $"{map.What}: {key} may only use letters, digits, '.', '-', '_'");
        return id;
    }

    private static string DialKey(YamlMap map, string key, string defaultValue)
    {
        var value = map.String(key);
        if (value is null)
            return defaultValue;
        if (value.Length != 1 || !"0123456789*#".Contains(value[0]))
        {
            map.File.Error(map.LineOf(key), $"{map.What}: {key} must be one key 0-9, * or #, not '{value}'");
            return defaultValue;
        }
        return value;
    }

    private static bool IsSipUri(string value) =>
        value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("sips:", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("tel:", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex IdSyntax();

    [GeneratedRegex(@"^[A-Za-z0-9._+-]+$")]
    private static partial Regex ExtensionSyntax();

    [GeneratedRegex(@"^\+?[0-9*#]+$")]
    private static partial Regex DialString();

    [GeneratedRegex(@"^[A-Za-z0-9!%'*+._`~-]+$")]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex Placeholder();
}
