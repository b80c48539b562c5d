using HotlineTelephony.CallCenter.Dialplans;

namespace HotlineTelephony.CallCenter.Tests.Dialplans;

/// <summary>Every error kind is reported as file:line: reason, at the exact line, and all errors are collected.</summary>
public class DialplanLoaderErrorTests
{
    private const string File = "dialplans/city.yaml";

    /// <summary>Joins lines so that line N of the YAML is the N-th argument.</summary>
    private static DialplanLoadResult Load(params string[] lines) => DialplanLoader.Load(File, string.Join('\n', lines) + "\n");

    private static DialplanError Single(DialplanLoadResult result)
    {
        Assert.Null(result.Plan);
        return Assert.Single(result.Errors);
    }

    private static void AssertError(DialplanLoadResult result, int line, string messageContains)
    {
        Assert.Null(result.Plan);
        Assert.True(
            result.Errors.Any(e => e.File == File && e.Line == line && e.Message.Contains(messageContains, StringComparison.Ordinal)),
            $"expected {File}:{line}: …{messageContains}…, got:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
    }

    [Fact]
    public void AMinimalPlanLoads()
    {
        var result = Load(
            "queues:",
            "  - id: general",
            "agents:",
            "  - { id: a1, extension: \"1001\", queues: [general] }",
            "numbers:",
            "  - { number: \"12345\", kind: service, queue: general }");
        Assert.Empty(result.Errors);
        Assert.Equal("general", result.Plan!.Route("12345")!.Queue);
    }

    [Fact]
    public void UnknownStrategyIsReportedWithFileLineAndTheExpectedValues()
    {
        var error = Single(Load(
            "queues:",
            "  - id: general",
            "    strategy: fastest"));
        Assert.Equal(
            "dialplans/city.yaml:3: queue 'general' uses unknown strategy 'fastest' (expected longest_idle, round_robin, fewest_calls, skills_first)",
            error.ToString());
    }

    [Fact]
    public void YamlSyntaxErrorIsReportedAtItsLine()
    {
        var error = Single(Load(
            "queues:",
            "  - id: general",
            "    name: a: b"));
        Assert.Equal(3, error.Line);
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateYamlKeyIsReportedAtTheSecondOccurrence()
    {
        var error = Single(Load(
            "queues:",
            "  - id: general",
            "    name: first",
            "    name: second"));
        Assert.Equal(4, error.Line);
        Assert.Equal("duplicate key 'name' (each key may appear once in a mapping)", error.Message);
    }

    [Fact]
    public void UnclosedFlowCollectionIsASyntaxErrorNotACrash()
    {
        var error = Single(Load(
            "queues:",
            "  - id: general",
            "    name: [unclosed",
            "numbers: 5"));
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeyIsRefusedAtItsOwnLine()
    {
        var error = Single(Load(
            "queues:",
            "  - id: general",
            "    ring_timout_seconds: 20"));
        Assert.Equal(3, error.Line);
        Assert.StartsWith("queue 'general' has unknown key 'ring_timout_seconds' (expected id, name, strategy,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTopLevelSectionIsRefused()
    {
        var error = Single(Load(
            "queues:",
            "  - id: general",
            "queue:",
            "  - id: other"));
        Assert.Equal(3, error.Line);
        Assert.Contains("the file has unknown key 'queue'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongTypesAreReported()
    {
        var result = Load(
            "queues:",
            "  - id: general",
            "    ring_timeout_seconds: fifteen",
            "    announce_position: sometimes",
            "    skills: market",
            "agents: { id: a1 }");
        AssertError(result, 3, "queue 'general': ring_timeout_seconds must be a whole number, not 'fifteen'");
        AssertError(result, 4, "queue 'general': announce_position must be true or false, not 'sometimes'");
        AssertError(result, 5, "queue 'general': skills must be a list, not 'market'");
        AssertError(result, 6, "the file: agents must be a list, not a mapping");
    }

    [Fact]
    public void DuplicateQueueIdNamesWhereItWasFirstDefined()
    {
        var error = Single(Load(
            "queues:",
            "  - id: general",
            "  - id: experts",
            "  - id: general"));
        Assert.Equal("dialplans/city.yaml:4: duplicate queue id 'general' (first defined at dialplans/city.yaml:2)", error.ToString());
    }

    [Fact]
    public void DuplicateAgentIdsAndExtensionsAreReported()
    {
        var result = Load(
            "agents:",
            "  - { id: a1, extension: \"1001\" }",
            "  - { id: a2, extension: \"1001\" }",
            "  - { id: a1, extension: \"1003\" }");
        AssertError(result, 3, "duplicate extension '1001' (first defined at dialplans/city.yaml:2)");
        AssertError(result, 4, "duplicate agent id 'a1' (first defined at dialplans/city.yaml:2)");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void DuplicateNumbersAndFeatureCodesAreReportedEvenWhenWrittenDifferently()
    {
        var result = Load(
            "numbers:",
            "  - { number: \"*21\", kind: feature, feature: agent_login }",
            "  - { number: \"*21\", kind: feature, feature: ready }",
            "  - { number: \"_1XXX\", kind: agent_extension }",
            "  - { number: \"1xxx\", kind: agent_extension }");
        AssertError(result, 3, "duplicate number '*21'");
        AssertError(result, 5, "duplicate number '1XXX' (first defined at dialplans/city.yaml:4)");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void DuplicateDirectoryCodesAreReported()
    {
        var error = Single(Load(
            "directory:",
            "  - { code: \"01\", name: 人社局, number: \"12333\" }",
            "  - { code: \"01\", name: 住建局, number: \"12329\" }"));
        Assert.Equal(3, error.Line);
        Assert.Equal("duplicate directory code '01' (first defined at dialplans/city.yaml:2)", error.Message);
    }

    [Fact]
    public void DuplicatesAcrossFilesNameBothFiles()
    {
        var result = DialplanLoader.Load(
        [
            new DialplanSource("dialplans/a.yaml", "queues:\n  - id: general\n"),
            new DialplanSource("dialplans/b.yaml", "# second file\nqueues:\n  - id: general\n"),
        ]);
        var error = Assert.Single(result.Errors);
        Assert.Equal("dialplans/b.yaml:3: duplicate queue id 'general' (first defined at dialplans/a.yaml:2)", error.ToString());
    }

    [Fact]
    public void ReferencesToUnknownQueuesSkillsTrunksDirectoryEntriesAndMenusAreReported()
    {
        var result = Load(
            "queues:",
            "  - id: general",
            "    skills: [{ skill: markt, min_level: 2 }]",
            "agents:",
            "  - { id: a1, extension: \"1001\", queues: [genral], skills: { market: 3 } }",
            "directory:",
            "  - { code: \"01\", name: 人社局, number: \"12333\", trunk: carrier-x }",
            "numbers:",
            "  - { number: \"071612333\", kind: department_line, queue: general, department: \"09\" }",
            "  - { number: \"*801\", kind: feature, feature: emergency_transfer, emergency: \"119\" }",
            "  - { number: \"12345\", kind: service, queue: general, menu: main }");
        AssertError(result, 3, "queue 'general' refers to unknown skill (no agent has it) 'markt'");
        AssertError(result, 5, "agent 'a1' refers to unknown queue 'genral'");
        AssertError(result, 7, "directory entry '01' refers to unknown trunk 'carrier-x'");
        AssertError(result, 9, "number '071612333' (department_line) refers to unknown directory code '09'");
        AssertError(result, 10, "refers to unknown emergency number (no emergency entry) '119'");
        AssertError(result, 11, "number '12345' (service) refers to unknown menu 'main'");
    }

    [Fact]
    public void SkillLevelsOutsideOneToFiveAreRefused()
    {
        var result = Load(
            "queues:",
            "  - id: general",
            "    skills: [{ skill: market, min_level: 0 }]",
            "agents:",
            "  - { id: a1, extension: \"1001\", skills: { market: 6 } }",
            "  - { id: a2, extension: \"1002\", skills: { market: 3 } }");
        AssertError(result, 3, "min_level 0 is out of range (1–5)");
        AssertError(result, 5, "agent 'a1': skill 'market' level 6 is out of range (1–5)");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void WideningStepsOutOfOrderAreRefused()
    {
        var result = Load(
            "queues:",
            "  - id: experts",
            "    skills: [{ skill: market, min_level: 4 }]",
            "    widening:",
            "      - { after_seconds: 60, min_level: 2 }",
            "      - { after_seconds: 30, min_level: 1 }",
            "      - { after_seconds: 90, min_level: 3 }",
            "agents:",
            "  - { id: a1, extension: \"1001\", skills: { market: 3 } }");
        AssertError(result, 6, "widening steps out of order (after_seconds 30 is not after 60)");
        AssertError(result, 7, "raises min_level to 3");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void RingTimeoutWrapUpAndAnnouncementValuesOutOfRangeAreRefused()
    {
        var result = Load(
            "queues:",
            "  - id: general",
            "    ring_timeout_seconds: 2",
            "    wrap_up_seconds: 900",
            "    announce_every_seconds: 5",
            "emergency:",
            "  - { number: \"110\", trunk: gw, ring_timeout_seconds: 500 }",
            "trunks:",
            "  - { name: gw, address: 10.0.0.1, kind: emergency }");
        AssertError(result, 3, "queue 'general': ring_timeout_seconds 2 is out of range (5–120)");
        AssertError(result, 4, "queue 'general': wrap_up_seconds 900 is out of range (0–600)");
        AssertError(result, 5, "queue 'general': announce_every_seconds 5 is out of range (10–600)");
        AssertError(result, 7, "emergency number '110': ring_timeout_seconds 500 is out of range (5–120)");
        Assert.Equal(4, result.Errors.Count);
    }

    [Fact]
    public void R_CH_05_MenusAreRefusedWhileIvrMenuIsDisabled()
    {
        var result = Load(
            "policy:",
            "  ivr_menu_enabled: false",
            "  emergency_transfer_targets: []",
            "  restricted_caller: { emergency_target: \"110\" }",
            "emergency:",
            "  - { number: \"110\", trunk: gw }",
            "trunks:",
            "  - { name: gw, address: 10.0.0.1, kind: emergency }",
            "queues:",
            "  - id: general",
            "menus:",
            "  - id: main",
            "    prompt: menu-main",
            "    default_queue: general",
            "    options: [{ key: \"1\", queue: general }]",
            "numbers:",
            "  - { number: \"12345\", kind: service, queue: general, menu: main }");
        AssertError(result, 12, "menu 'main' is defined but policy.ivr_menu_enabled is false");
        AssertError(result, 17, "number '12345' uses menu 'main' but policy.ivr_menu_enabled is false");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void MenusAreAcceptedWhenThePolicyEnablesThem()
    {
        var result = Load(
            "policy:",
            "  ivr_menu_enabled: true",
            "  emergency_transfer_targets: []",
            "  restricted_caller: { emergency_target: \"110\" }",
            "emergency:",
            "  - { number: \"110\", trunk: gw }",
            "trunks:",
            "  - { name: gw, address: 10.0.0.0/24, kind: emergency }",
            "queues:",
            "  - id: general",
            "  - id: tax",
            "menus:",
            "  - id: main",
            "    prompt: menu-main",
            "    default_queue: general",
            "    options: [{ key: \"1\", queue: tax }]",
            "numbers:",
            "  - { number: \"12366\", kind: menu, menu: main }");
        Assert.Empty(result.Errors);
        Assert.Equal("tax", result.Plan!.FindMenu(result.Plan.Route("12366")!.Menu!)!.Options[0].Queue);
    }

    [Fact]
    public void R_TEL_16_EmergencyNumberWithoutAGatewayIsRefused()
    {
        var error = Single(Load(
            "emergency:",
            "  - number: \"119\"",
            "    name: 119 火警"));
        Assert.Equal("dialplans/city.yaml:2: emergency number '119' has no gateway: set 'trunk' to the trunk it is transferred on", error.ToString());
    }

    [Fact]
    public void R_TEL_16_PolicyEmergencyTargetWithoutAnEntryIsRefusedAtItsListItem()
    {
        var result = Load(
            "policy:",
            "  emergency_transfer_targets:",
            "    - \"110\"",
            "    - \"122\"",
            "emergency:",
            "  - { number: \"110\", trunk: gw }",
            "trunks:",
            "  - { name: gw, address: 10.0.0.1, kind: emergency }");
        var error = Single(result);
        Assert.Equal(4, error.Line);
        Assert.Equal("policy lists emergency transfer target '122' but emergency has no entry (gateway) for it", error.Message);
    }

    [Fact]
    public void R_TEL_10_The110PlatformTrunkMustNameItsIncidentHeader()
    {
        var result = Load(
            "trunks:",
            "  - { name: 110-platform, address: 10.1.1.1, kind: police_110 }",
            "  - { name: carrier, address: not-an-address }");
        AssertError(result, 2, "trunk '110-platform' (police_110) needs 'incident_header'");
        AssertError(result, 3, "trunk 'carrier': address 'not-an-address' is not an IP address or CIDR block");
    }

    [Fact]
    public void InvalidPatternsAndMisplacedFieldsAreRefused()
    {
        var result = Load(
            "queues:",
            "  - id: general",
            "numbers:",
            "  - { number: \"1X.X\", kind: agent_extension }",
            "  - { number: \"[9-1]XX\", kind: agent_extension }",
            "  - { number: \"1XXX\", kind: agent_extension, queue: general }",
            "  - { number: \"*21\", kind: feature }");
        AssertError(result, 4, "number '1X.X' has '.' at position 3: the wildcard must be last");
        AssertError(result, 5, "has an invalid set '[9-1]'");
        AssertError(result, 6, "number '1XXX' (agent_extension) does not take 'queue'");
        AssertError(result, 7, "number '*21' (feature) is missing 'feature'");
        Assert.Equal(4, result.Errors.Count);
    }

    [Fact]
    public void SeveralErrorsAreAllReportedInLineOrder()
    {
        var result = Load(
            "queues:",
            "  - id: general",
            "    strategy: fastest",
            "    wrap_up_seconds: -1",
            "agents:",
            "  - { id: a1, extension: \"1001\", queues: [nowhere] }",
            "  - { id: a1, extension: \"1002\", colour: blue }",
            "numbers:",
            "  - { number: \"12345\", kind: service }");
        Assert.Null(result.Plan);
        Assert.Equal([3, 4, 6, 7, 7, 9], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.StartsWith($"{File}:{e.Line}: ", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void QueueWithOverflowEnabledNeedsAPolicyDiversion()
    {
        var result = Load(
            "policy:",
            "  overflow_diversion: []",
            "  emergency_transfer_targets: []",
            "  restricted_caller: { emergency_target: \"110\" }",
            "emergency:",
            "  - { number: \"110\", trunk: gw }",
            "trunks:",
            "  - { name: gw, address: 10.0.0.1, kind: emergency }",
            "queues:",
            "  - id: general",
            "    overflow:",
            "      enabled: true",
            "  - id: quiet");
        var error = Single(result);
        Assert.Equal(12, error.Line);
        Assert.Equal("queue 'general' has overflow enabled but policy.overflow_diversion is empty", error.Message);
    }

    [Fact]
    public void QueuesInheritThePolicyServiceLevelUnlessTheySetTheirOwn()
    {
        var result = Load(
            "policy:",
            "  service_level_seconds: 20",
            "  emergency_transfer_targets: []",
            "  restricted_caller: { emergency_target: \"110\" }",
            "emergency:",
            "  - { number: \"110\", trunk: gw }",
            "trunks:",
            "  - { name: gw, address: 10.0.0.1, kind: emergency }",
            "queues:",
            "  - id: general",
            "  - { id: experts, service_level_seconds: 30 }");
        Assert.Empty(result.Errors);
        Assert.Equal(20, result.Plan!.FindQueue("general")!.ServiceLevelSeconds);
        Assert.Equal(30, result.Plan.FindQueue("experts")!.ServiceLevelSeconds);
    }

    [Fact]
    public void PriorityRulesNeedOneConditionAKnownLevelAndAKnownTrunk()
    {
        var result = Load(
            "priorities:",
            "  levels: { vip: 30 }",
            "  rules:",
            "    - { trunk: nowhere, level: vip }",
            "    - { open_ticket: true, level: urgent }",
            "    - { trunk: nowhere, caller_list: x, level: vip }");
        AssertError(result, 4, "priority rule refers to unknown trunk 'nowhere'");
        AssertError(result, 5, "priority rule refers to unknown level 'urgent'");
        AssertError(result, 6, "priority rule needs exactly one of trunk, caller_list, open_ticket, dialled_number (has trunk, caller_list)");
        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void EmergencyHeadersMustBeHeaderNamesWithKnownPlaceholders()
    {
        var result = Load(
            "trunks:",
            "  - { name: gw, address: 10.0.0.1, kind: emergency }",
            "emergency:",
            "  - number: \"110\"",
            "    trunk: gw",
            "    headers:",
            "      X-Caller: \"{caller_nummer}\"",
            "      \"Bad Header\": x");
        AssertError(result, 7, "header X-Caller uses unknown placeholder '{caller_nummer}'");
        AssertError(result, 8, "'Bad Header' is not a valid SIP header name");
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void R_TEL_40_SupervisorQueueBehaviourNeedsAQueue()
    {
        var result = Load(
            "policy:",
            "  emergency_transfer_targets: []",
            "  restricted_caller:",
            "    behaviour: supervisor_queue",
            "    emergency_target: \"110\"",
            "emergency:",
            "  - { number: \"110\", trunk: gw }",
            "trunks:",
            "  - { name: gw, address: 10.0.0.1, kind: emergency }");
        var error = Single(result);
        Assert.Equal(4, error.Line);
        Assert.Equal("policy.restricted_caller: behaviour supervisor_queue needs a queue", error.Message);
    }

    [Fact]
    public void AgentExtensionThatNoExtensionRouteReachesIsRefused()
    {
        var result = Load(
            "agents:",
            "  - { id: a1, extension: \"1001\" }",
            "  - id: a2",
            "    extension: \"2001\"",
            "  - { id: a3, extension: \"1234\" }",
            "numbers:",
            "  - { number: \"_1XXX\", kind: agent_extension }",
            "  - { number: \"1234\", kind: conference }");
        AssertError(result, 4, "agent 'a2' extension '2001' cannot ring the agent: no number matches it");
        AssertError(result, 5, "agent 'a3' extension '1234' cannot ring the agent: it is routed to number '1234' (conference)");
        Assert.Equal(2, result.Errors.Count);
    }
}
