using HotlineTelephony.Media.Dtmf;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Media.Tests.Dtmf;

public class DtmfCollectorTests
{
    private const uint Ssrc = 42;

    private readonly FakeTimeProvider _time = new();
    private readonly DtmfCollector _collector;
    private readonly Rfc4733Receiver _receiver;
    private readonly List<DtmfEvent> _digits = [];

    public DtmfCollectorTests()
    {
        _collector = new DtmfCollector(_time);
        _receiver = new Rfc4733Receiver(_time);
        _collector.Attach(_receiver);
        _collector.DigitReceived += _digits.Add;
    }

    [Fact]
    public void InBandToneOfAPressSentAsTelephoneEventIsSuppressed()
    {
        _collector.Rfc4733Negotiated = true;

        Packet(5, 160, end: false, ts: 800);
        _time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.False(_collector.AcceptInBand('5'));
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Packet(5, 800, end: true, ts: 800);
        Packet(5, 800, end: true, ts: 800);

        DtmfEvent only = Assert.Single(_digits);
        Assert.Equal(DtmfSource.Rfc4733, only.Source);
        Assert.Equal(100, only.DurationMilliseconds);
    }

    [Fact]
    public void InBandReportArrivingAfterTheTelephoneEventIsSuppressed()
    {
        _collector.Rfc4733Negotiated = true;
        Packet(7, 800, end: true, ts: 800);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        _collector.AcceptInBand('7');

        Assert.Equal("7", Digits());
    }

    [Fact]
    public void TelephoneEventOfAPressAlreadyReportedInBandIsDropped()
    {
        _collector.AcceptInBand('3');
        Packet(3, 800, end: true, ts: 800);

        DtmfEvent only = Assert.Single(_digits);
        Assert.Equal(DtmfSource.InBand, only.Source);
    }

    [Fact]
    public void SipInfoAndTelephoneEventForTheSamePressAreOneDigit()
    {
        Packet(9, 160, end: false, ts: 800);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Packet(9, 800, end: true, ts: 800);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        _collector.AcceptSipInfo('9', 100);

        Assert.Equal("9", Digits());
    }

    [Fact]
    public void RepeatedPressesFromOneSourceAreAllReported()
    {
        _collector.AcceptSipInfo('1');
        _time.Advance(TimeSpan.FromMilliseconds(50));
        _collector.AcceptSipInfo('1');
        _time.Advance(TimeSpan.FromSeconds(1));
        Packet(1, 800, end: true, ts: 800);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Packet(1, 800, end: true, ts: 1600);

        Assert.Equal("1111", Digits());
    }

    [Fact]
    public void SameDigitFromAnotherSourceOutsideTheWindowIsANewPress()
    {
        _collector.AcceptInBand('4');
        _time.Advance(TimeSpan.FromMilliseconds(400));
        _collector.AcceptSipInfo('4');

        Assert.Equal("44", Digits());
    }

    [Fact]
    public void InBandIsUsedWhenNoTelephoneEventWasNegotiated()
    {
        _collector.AcceptInBand('#');
        _time.Advance(TimeSpan.FromMilliseconds(300));
        _collector.AcceptInBand('#');

        Assert.Equal("##", Digits());
        Assert.All(_digits, d => Assert.Equal(DtmfSource.InBand, d.Source));
    }

    [Fact]
    public void DifferentDigitsCloseTogetherAreBothReported()
    {
        _collector.AcceptInBand('1');
        Packet(2, 800, end: true, ts: 800);

        Assert.Equal("12", Digits());
    }

    [Fact]
    public void InvalidDigitsAreIgnored()
    {
        Assert.False(_collector.AcceptSipInfo('x'));
        Assert.Empty(_digits);
    }

    private void Packet(byte code, ushort duration, bool end, uint ts)
    {
        Span<byte> payload = stackalloc byte[4];
        new Rfc4733Payload(code, end, 10, duration).WriteTo(payload);
        _receiver.OnTelephoneEvent(payload, ts, marker: false, Ssrc);
    }

    private string Digits() => string.Concat(_digits.Select(d => d.Digit));
}
