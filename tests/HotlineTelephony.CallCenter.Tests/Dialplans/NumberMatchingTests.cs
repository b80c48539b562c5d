using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Dialplans;

public class NumberMatchingTests
{
    private static Dialplan PlanWith(params string[] numbers) => new Dialplan
    {
        Numbers = [.. numbers.Select(n => new NumberRoute { Number = n, Kind = NumberRouteKind.AgentExtension, Name = n })],
    }.Compile();

    private static string? Winner(Dialplan plan, string dialled) => plan.Route(dialled)?.Name;

    [Fact]
    public void ExactNumberWinsOverAPatternThatAlsoMatches()
    {
        var plan = PlanWith("_1XXX", "1005", "_100X");
        Assert.Equal("1005", Winner(plan, "1005"));
        Assert.Equal("_100X", Winner(plan, "1006"));
    }

    [Fact]
    public void LongestLiteralPrefixWinsWhateverTheOrderWritten()
    {
        var plan = PlanWith("_XXXX", "_1XXX", "_10XX", "_101X");
        Assert.Equal("_101X", Winner(plan, "1015"));
        Assert.Equal("_10XX", Winner(plan, "1025"));
        Assert.Equal("_1XXX", Winner(plan, "1125"));
        Assert.Equal("_XXXX", Winner(plan, "2125"));
    }

    [Fact]
    public void FixedLengthPatternBeatsATrailingWildcardWithTheSamePrefix()
    {
        var plan = PlanWith("_07.", "_07XXXXXXXXX");
        Assert.Equal("_07XXXXXXXXX", Winner(plan, "07161234567"));
        Assert.Equal("_07.", Winner(plan, "071612345"));
    }

    [Fact]
    public void NarrowerPatternWinsWhenPrefixesTie()
    {
        var plan = PlanWith("_1XXX", "_1[0-1]XX", "_1ZXX");
        Assert.Equal("_1[0-1]XX", Winner(plan, "1005"));
        Assert.Equal("_1ZXX", Winner(plan, "1905"));
    }

    [Fact]
    public void PatternCharactersMatchTheirAsteriskSets()
    {
        var plan = PlanWith("_X", "_6Z", "_7N", "_8[135-7]");
        Assert.Equal("_X", Winner(plan, "0"));
        Assert.Equal("_6Z", Winner(plan, "61"));
        Assert.Null(Winner(plan, "60"));
        Assert.Equal("_7N", Winner(plan, "72"));
        Assert.Null(Winner(plan, "71"));
        Assert.Equal("_8[135-7]", Winner(plan, "86"));
        Assert.Null(Winner(plan, "84"));
    }

    [Fact]
    public void TrailingDotNeedsAtLeastOneMoreCharacter()
    {
        var plan = PlanWith("_9.");
        Assert.Null(Winner(plan, "9"));
        Assert.Equal("_9.", Winner(plan, "95"));
        Assert.Equal("_9.", Winner(plan, "95123"));
    }

    [Fact]
    public void FeatureCodesMatchStarAndHash()
    {
        var plan = PlanWith("*24", "_*24X", "_#X");
        Assert.Equal("*24", Winner(plan, "*24"));
        Assert.Equal("_*24X", Winner(plan, "*249"));
        Assert.Equal("_#X", Winner(plan, "#5"));
        Assert.Null(Winner(plan, "*2"));
        Assert.Null(Winner(plan, "*24a"));
    }

    [Fact]
    public void LeadingUnderscoreIsOptional()
    {
        var plan = PlanWith("1XXX");
        Assert.Equal("1XXX", Winner(plan, "1001"));
        Assert.Equal(1, plan.Numbers[0].LiteralPrefixLength);
        Assert.Equal("001", plan.Numbers[0].ArgumentOf("1001"));
    }

    [Fact]
    public void RoutingAnInviteAllocatesNothing()
    {
        var plan = PlanWith("12345", "_1XXX", "_10XX", "_*8XX", "_07.", "*21", "*22");
        var dialled = new[] { "12345", "1005", "1105", "*801", "071612315", "*22", "999" };
        foreach (var d in dialled)
            plan.Route(d.AsSpan());
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var d in dialled)
                plan.Route(d.AsSpan());
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
