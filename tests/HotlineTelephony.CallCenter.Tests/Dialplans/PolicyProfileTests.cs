using System.Text.Json;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Dialplans;

/// <summary>Cities differ in policy-profile settings only (12345-domain.md §6), never in code or in the rest of the plan.</summary>
public class PolicyProfileTests
{
    private static Dialplan Load(string folder)
    {
        var result = DialplanLoader.LoadFolder(folder);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Plan!;
    }

    private static string Sections(Dialplan plan) => JsonSerializer.Serialize(new object[]
    {
        plan.Numbers, plan.Queues, plan.Agents, plan.Seats, plan.Directory, plan.Emergency, plan.Trunks,
        plan.Priorities.Levels, plan.Priorities.Rules, plan.Menus,
    });

    [Theory]
    [InlineData("xian")]
    [InlineData("anshun")]
    public void ExampleCityLoadsAndDiffersFromTheCityCentreOnlyInItsPolicy(string city)
    {
        var shipped = Load(RepoPaths.Dialplans);
        var example = Load(RepoPaths.Example(city));

        Assert.Equal(city, example.Policy.Name);
        Assert.NotEqual(shipped.Policy, example.Policy);
        Assert.Equal(Sections(shipped), Sections(example));
    }

    [Fact]
    public void ExamplesAreNotLoadedWithTheShippedFolder()
    {
        var shipped = Load(RepoPaths.Dialplans);
        Assert.DoesNotContain(shipped.Sources, s => s.Contains("examples", StringComparison.Ordinal));
    }

    [Fact]
    public void R_TEL_03_XianDivertsToVoiceMessageAndOnlineChannelsWhenBusy()
    {
        var xian = Load(RepoPaths.Example("xian"));
        Assert.Equal([OverflowDiversion.VoiceMessage, OverflowDiversion.OnlineChannels], xian.Policy.OverflowDiversion);
        Assert.False(xian.Policy.IvrMenuEnabled);
        Assert.True(xian.FindQueue("general")!.Overflow.Enabled);
    }

    [Fact]
    public void R_TEL_02_XianMeasuresTheConnectionRateOverTheYear()
    {
        var xian = Load(RepoPaths.Example("xian"));
        Assert.Equal(ConnectionRateWindow.Annual, xian.Policy.ConnectionRateWindow);
        Assert.Equal(95, xian.Policy.ConnectionRateTargetPercent);
    }

    [Fact]
    public void R_TEL_40_AnshunRestrictsDisruptiveCallersForThirtyNaturalDays()
    {
        var anshun = Load(RepoPaths.Example("anshun"));
        Assert.Equal(30, anshun.Policy.CallerRestrictionDays);
        Assert.Equal(RestrictedCallerBehaviour.NoticeAndRelease, anshun.Policy.RestrictedCaller.Behaviour);
        Assert.Equal(["110", "119", "120"], anshun.Policy.EmergencyTransferTargets);
        Assert.Equal(EmergencyTransferMode.Blind, anshun.ModeOf(anshun.FindEmergency("110")!));
    }

    [Fact]
    public void DefaultProfileIsTheNationalBaseline()
    {
        var policy = new PolicyProfile();
        Assert.Equal(15, policy.AnswerSlaSeconds);
        Assert.Equal(95, policy.ConnectionRateTargetPercent);
        Assert.False(policy.IvrMenuEnabled);
        Assert.True(policy.MissedCallCallback);
        Assert.True(policy.ThreeWay110Enabled);
        Assert.Equal(["110", "119", "120", "122"], policy.EmergencyTransferTargets);
    }
}
