using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Dialplans;

public class ShippedDialplanTests
{
    private static readonly Lazy<Dialplan> Shipped = new(() =>
    {
        var result = DialplanLoader.LoadFolder(RepoPaths.Dialplans);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Plan!;
    });

    private static Dialplan Plan => Shipped.Value;

    [Fact]
    public void ShippedFolderLoadsWithNoError()
    {
        var result = DialplanLoader.LoadFolder(RepoPaths.Dialplans);
        Assert.Empty(result.Errors);
        Assert.Equal(["city-centre.yaml"], result.Plan!.Sources.Select(Path.GetFileName));
    }

    [Fact]
    public void R_CH_05_ShippedPlanHasNoMenuOnTheNormalPath()
    {
        var route = Plan.Route("12345");
        Assert.NotNull(route);
        Assert.Equal(NumberRouteKind.Service, route.Kind);
        Assert.Equal("general", route.Queue);
        Assert.Null(route.Menu);
        Assert.Equal("welcome-12345", route.WelcomePrompt);
        Assert.False(Plan.Policy.IvrMenuEnabled);
        Assert.Empty(Plan.Menus);
        Assert.DoesNotContain(Plan.Numbers, n => n.Kind == NumberRouteKind.Menu || n.Menu is not null);
    }

    [Fact]
    public void R_TEL_01_GeneralQueueIsLongestIdleWithFifteenSecondServiceLevel()
    {
        var general = Plan.FindQueue("general");
        Assert.NotNull(general);
        Assert.Equal(RoutingStrategy.LongestIdle, general.Strategy);
        Assert.Equal(15, general.ServiceLevelSeconds);
        Assert.Equal(15, Plan.Policy.AnswerSlaSeconds);
        Assert.Equal(95, Plan.Policy.ConnectionRateTargetPercent);
        Assert.Equal(ConnectionRateWindow.Rolling24Hours, Plan.Policy.ConnectionRateWindow);
    }

    [Fact]
    public void R_TEL_03_GeneralQueueOffersOverflowOnlyAfter120SecondsEstimatedWait()
    {
        var overflow = Plan.FindQueue("general")!.Overflow;
        Assert.True(overflow.Enabled);
        Assert.Equal(120, overflow.EstimatedWaitSeconds);
        Assert.NotEmpty(Plan.Policy.OverflowDiversion);
    }

    [Fact]
    public void ExtensionsOneThousandOneToOneThousandTenRingTheirAgents()
    {
        for (var ext = 1001; ext <= 1010; ext++)
        {
            var number = ext.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var route = Plan.Route(number);
            Assert.NotNull(route);
            Assert.Equal(NumberRouteKind.AgentExtension, route.Kind);
            var agent = Plan.FindAgentByExtension(number);
            Assert.NotNull(agent);
            Assert.Equal($"agent-{ext - 1000:00}", agent.Id);
        }
        Assert.Equal(10, Plan.Agents.Count);
    }

    [Fact]
    public void ShippedPlanMatchesTheServerDemoConfiguration()
    {
        var carrier = Plan.FindTrunk("local-test");
        Assert.NotNull(carrier);
        Assert.Equal("127.0.0.1", carrier.Address);
        Assert.Equal(TrunkKind.Carrier, carrier.Kind);
        Assert.Equal("127.0.0.1", Plan.FindTrunk("emergency-gateway")!.Address);
        Assert.Equal(NumberRouteKind.Service, Plan.Route("12345")!.Kind);
    }

    [Fact]
    public void R_TEL_20_DepartmentOwnNumberReachesItsExpertSeat()
    {
        var route = Plan.Route("071612315");
        Assert.NotNull(route);
        Assert.Equal(NumberRouteKind.DepartmentLine, route.Kind);
        var seat = Plan.FindSeat(route.Seat!);
        Assert.NotNull(seat);
        Assert.Equal(SeatKind.Expert, seat.Kind);
        Assert.Equal("expert-market", seat.Queue);
        Assert.Equal("市市场监督管理局", Plan.FindDirectoryEntry(route.Department!)!.Name);
    }

    [Fact]
    public void R_TEL_24_EnterpriseDirectCallersHaveASeatAndTheEnterprisePriority()
    {
        Assert.Contains(Plan.Seats, s => s.Kind == SeatKind.Enterprise && s.Queue == "enterprise");
        Assert.Equal(CallPriority.Enterprise, Plan.Priorities.For("local-test", TrunkKind.Carrier, "12345", false, list => list == "enterprise-direct"));
    }

    [Fact]
    public void R_TEL_10_CallsFromThe110PlatformGetTransferFrom110PriorityAndKeepTheIncidentHeader()
    {
        var trunk = Plan.FindTrunk("110-platform");
        Assert.NotNull(trunk);
        Assert.Equal(TrunkKind.Police110, trunk.Kind);
        Assert.Equal("X-110-Incident-Id", trunk.IncidentHeader);
        Assert.Equal(CallPriority.TransferFrom110, Plan.Priorities.For(trunk.Name, trunk.Kind, "12345", hasOpenTicket: true));
        Assert.Equal(CallPriority.OpenTicket, Plan.Priorities.For("local-test", TrunkKind.Carrier, "12345", hasOpenTicket: true));
        Assert.Equal(CallPriority.Normal, Plan.Priorities.For("local-test", TrunkKind.Carrier, "12345", hasOpenTicket: false));
    }

    [Fact]
    public void R_TEL_16_EveryEmergencyTargetHasAGatewayOnTheEmergencyTrunk()
    {
        Assert.Equal(["110", "119", "120", "122"], Plan.Policy.EmergencyTransferTargets);
        foreach (var number in Plan.Policy.EmergencyTransferTargets)
        {
            var target = Plan.FindEmergency(number);
            Assert.NotNull(target);
            Assert.Equal("emergency-gateway", target.Trunk);
            Assert.Equal(number, target.Destination);
            Assert.Equal("{caller_number}", target.Headers["X-Hotline-Caller"]);
            var code = Plan.Route("*" + number);
            Assert.Equal(FeatureCode.EmergencyTransfer, code!.Feature);
            Assert.Equal(number, code.Emergency);
        }
        Assert.Equal(EmergencyTransferMode.Warm, Plan.ModeOf(Plan.FindEmergency("110")!));
        Assert.Equal(EmergencyTransferMode.Blind, Plan.ModeOf(Plan.FindEmergency("122")!));
    }

    [Fact]
    public void R_TEL_11_ThreeWayFeatureCodeNamesTheDirectoryEntryBy110Code()
    {
        Assert.True(Plan.Policy.ThreeWay110Enabled);
        var route = Plan.Route("*890");
        Assert.Equal(FeatureCode.ThreeWayDirectory, route!.Feature);
        var entry = Plan.FindDirectoryEntry(route.ArgumentOf("*890"));
        Assert.Equal(DirectoryCategory.Police110, entry!.Category);
        Assert.Equal(DirectoryCategory.HelpDesk, Plan.FindDirectoryEntry(Plan.Route("*820")!.ArgumentOf("*820"))!.Category);
    }

    [Fact]
    public void NotReadyCodeTakesAnOptionalReasonDigit()
    {
        Assert.Equal(FeatureCode.NotReady, Plan.Route("*24")!.Feature);
        Assert.Equal("", Plan.Route("*24")!.ArgumentOf("*24"));
        var withReason = Plan.Route("*243");
        Assert.Equal(FeatureCode.NotReady, withReason!.Feature);
        Assert.Equal("3", withReason.ArgumentOf("*243"));
    }

    [Fact]
    public void R_TEL_40_RestrictedCallersAreReleasedAfterANoticeButKeepAnEmergencyKey()
    {
        Assert.Equal(30, Plan.Policy.CallerRestrictionDays);
        Assert.Equal(RestrictedCallerBehaviour.NoticeAndRelease, Plan.Policy.RestrictedCaller.Behaviour);
        Assert.Equal("0", Plan.Policy.RestrictedCaller.EmergencyKey);
        Assert.NotNull(Plan.FindEmergency(Plan.Policy.RestrictedCaller.EmergencyTarget));
    }

    [Fact]
    public void R_TEL_05_MissedCallsGetACallback() => Assert.True(Plan.Policy.MissedCallCallback);

    [Fact]
    public void R_TEL_05_CallbacksAreTriedThreeTimesFiveMinutesApartInEveryQueue()
    {
        Assert.Equal((3, 300), (Plan.Policy.CallbackMaxAttempts, Plan.Policy.CallbackRetryIntervalSeconds));
        Assert.All(Plan.Queues, q => Assert.Equal((3, 300), (q.CallbackMaxAttempts, q.CallbackRetryIntervalSeconds)));
    }

    [Fact]
    public void UrgentUtilityReportersAndEnterpriseContactsAreOnTheirCallerLists()
    {
        Assert.Equal(CallPriority.UrgentUtility, Plan.Priorities.For(null, null, "12345", false, list => Plan.IsOnCallerList(list, "13871600010")));
        Assert.Equal(CallPriority.Enterprise, Plan.Priorities.For(null, null, "12345", false, list => Plan.IsOnCallerList(list, "+8613971600001")));
        Assert.Equal(CallPriority.Normal, Plan.Priorities.For(null, null, "12345", false, list => Plan.IsOnCallerList(list, "13000000000")));
    }

    [Fact]
    public void ConferenceNumbersReachTheirRoomsAndUnknownNumbersHaveNoRoute()
    {
        Assert.Equal("room-1", Plan.Route("8801")!.Room);
        Assert.Null(Plan.Route("999"));
        Assert.Null(Plan.Route("123456"));
    }
}
