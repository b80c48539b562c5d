using HotlineTelephony.CallCenter.Restrictions;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.CallCenter.Tests.Restrictions;

public class CallerRestrictionListTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void R_TEL_40_ListingLastsThirtyNaturalDaysByDefaultAndThenExpiresByItself()
    {
        var list = new CallerRestrictionList(_time);
        var listing = list.List("13800000001", "repeated abusive calls", "supervisor-7");

        Assert.Equal(_time.GetUtcNow().AddDays(30), listing.End);
        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.NotNull(list.Find("13800000001"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(list.Find("13800000001"));
        Assert.Equal(1, list.SweepExpired());
        Assert.Equal(RestrictionAuditAction.Expired, list.Audit()[^1].Action);
    }

    [Fact]
    public void R_TEL_40_ListingLongerThanThePolicyAllowsIsRefusedWithTheLimit()
    {
        var list = new CallerRestrictionList(_time, maxDays: 30);
        var error = Assert.Throws<ArgumentException>(() => list.List("13800000001", "abuse", "sup", end: _time.GetUtcNow().AddDays(31)));
        Assert.Contains("30 natural days", error.Message, StringComparison.Ordinal);
        Assert.Null(list.Find("13800000001"));
    }

    [Fact]
    public void R_TEL_40_EveryChangeIsAuditedWithWhoAndWhy()
    {
        var list = new CallerRestrictionList(_time);
        list.List("13800000001", "threats to staff", "sup-1");
        list.List("13800000001", "threats to staff, renewed", "sup-2", end: _time.GetUtcNow().AddDays(10));
        list.RecordEmergencyOverride("13800000001", "call-9");
        list.Lift("13800000001", "sup-3", "appeal accepted");

        var audit = list.Audit();
        Assert.Equal([RestrictionAuditAction.Listed, RestrictionAuditAction.Changed, RestrictionAuditAction.EmergencyOverride, RestrictionAuditAction.Lifted], audit.Select(a => a.Action));
        Assert.Equal(["sup-1", "sup-2", "caller", "sup-3"], audit.Select(a => a.By));
        Assert.Null(list.Find("13800000001"));
    }

    [Fact]
    public void NumbersAreMatchedByTheirDigits()
    {
        var list = new CallerRestrictionList(_time);
        list.List("138-0000-0001", "abuse", "sup");
        Assert.NotNull(list.Find("13800000001"));
        Assert.Null(list.Find("13800000002"));
    }

    [Fact]
    public void AListingWithoutAReasonIsRefused()
    {
        var list = new CallerRestrictionList(_time);
        Assert.Throws<ArgumentException>(() => list.List("13800000001", " ", "sup"));
    }
}
