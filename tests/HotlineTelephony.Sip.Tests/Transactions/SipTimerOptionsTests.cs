using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Tests.Transactions;

public sealed class SipTimerOptionsTests
{
    [Fact]
    public void DefaultsFollowRfc3261Table4()
    {
        var t = new SipTimerOptions();

        Assert.Equal(TimeSpan.FromMilliseconds(500), t.T1);
        Assert.Equal(TimeSpan.FromSeconds(4), t.T2);
        Assert.Equal(TimeSpan.FromSeconds(5), t.T4);
        Assert.All([t.TimerB, t.TimerF, t.TimerH, t.TimerL, t.TimerM, t.TimerJ(false)], v => Assert.Equal(TimeSpan.FromSeconds(32), v));
        Assert.Equal(TimeSpan.FromSeconds(32), t.TimerD(false));
        Assert.Equal(TimeSpan.FromSeconds(5), t.TimerI(false));
        Assert.Equal(TimeSpan.FromSeconds(5), t.TimerK(false));
        Assert.All([t.TimerD(true), t.TimerI(true), t.TimerK(true), t.TimerJ(true)], v => Assert.Equal(TimeSpan.Zero, v));
        Assert.All([t.TimerA, t.TimerE, t.TimerG], v => Assert.Equal(t.T1, v));
    }

    [Fact]
    public void DerivedTimersFollowT1()
    {
        var t = new SipTimerOptions { T1 = TimeSpan.FromSeconds(1) };

        Assert.Equal(TimeSpan.FromSeconds(64), t.TimerB);
        Assert.Equal(TimeSpan.FromSeconds(4), t.NextInterval(TimeSpan.FromSeconds(2), capAtT2: false));
        Assert.Equal(t.T2, t.NextInterval(TimeSpan.FromSeconds(3), capAtT2: true));
    }

    [Fact]
    public void ValidationNamesTheBadSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new SipTimerOptions { T1 = TimeSpan.FromSeconds(5) }.Validate());

        Assert.Contains("SipTimerOptions.T2", error.Message);
    }
}
