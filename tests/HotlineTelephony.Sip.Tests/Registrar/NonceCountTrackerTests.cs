using HotlineTelephony.Sip.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Sip.Tests.Registrar;

public sealed class NonceCountTrackerTests
{
    private readonly FakeTimeProvider _time = new(RegistrarHarness.Start);

    [Fact]
    public void IncreasingCountsAreAcceptedAndRepeatsOrLowerAreNot()
    {
        var tracker = new NonceCountTracker(_time, TimeSpan.FromMinutes(5));

        Assert.True(tracker.TryAccept("n1", "00000001"));
        Assert.True(tracker.TryAccept("n1", "00000003"));
        Assert.False(tracker.TryAccept("n1", "00000003"));
        Assert.False(tracker.TryAccept("n1", "00000002"));
        Assert.True(tracker.TryAccept("n2", "00000001"));
    }

    [Fact]
    public void NoncesAreForgottenAfterTheRetention()
    {
        var tracker = new NonceCountTracker(_time, TimeSpan.FromMinutes(5));
        tracker.TryAccept("n1", "00000001");

        _time.Advance(TimeSpan.FromMinutes(11));
        tracker.TryAccept("n2", "00000001");

        Assert.Equal(1, tracker.Count);
    }
}
