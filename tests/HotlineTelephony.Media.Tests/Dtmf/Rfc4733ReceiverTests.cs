using HotlineTelephony.Media.Dtmf;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Media.Tests.Dtmf;

public class Rfc4733ReceiverTests
{
    private const uint Ssrc = 0x1234_5678;

    private readonly FakeTimeProvider _time = new();
    private readonly Rfc4733Receiver _receiver;
    private readonly List<DtmfEvent> _digits = [];

    public Rfc4733ReceiverTests()
    {
        _receiver = new Rfc4733Receiver(_time);
        _receiver.DigitReceived += _digits.Add;
    }

    [Fact]
    public void NormalPressWithUpdatesAndThreeEndPacketsIsOneDigitWithItsDuration()
    {
        Send(5, 160, end: false, ts: 1000, marker: true);
        Send(5, 320, end: false, ts: 1000);
        Send(5, 480, end: false, ts: 1000);
        Send(5, 640, end: false, ts: 1000);
        Send(5, 800, end: true, ts: 1000);
        Send(5, 800, end: true, ts: 1000);
        Send(5, 800, end: true, ts: 1000);
        _time.Advance(TimeSpan.FromSeconds(1));
        _receiver.Tick();

        DtmfEvent only = Assert.Single(_digits);
        Assert.Equal('5', only.Digit);
        Assert.Equal(DtmfSource.Rfc4733, only.Source);
        Assert.Equal(100, only.DurationMilliseconds);
    }

    [Fact]
    public void DigitIsRaisedOnTheFirstEndPacketNotLater()
    {
        Send(9, 160, end: false, ts: 1000, marker: true);
        Assert.Empty(_digits);
        Send(9, 320, end: true, ts: 1000);
        Assert.Single(_digits);
    }

    [Fact]
    public void MarkerlessStartIsStillOneDigit()
    {
        Send(1, 160, end: false, ts: 5000);
        Send(1, 320, end: false, ts: 5000);
        Send(1, 480, end: true, ts: 5000);
        Send(1, 480, end: true, ts: 5000);
        Send(1, 480, end: true, ts: 5000);

        Assert.Equal("1", Digits());
    }

    [Fact]
    public void LongPressWithManyUpdatesIsOneDigit()
    {
        for (int i = 1; i <= 150; i++)
        {
            Send(0, (ushort)(i * 160), end: false, ts: 7000, marker: i == 1);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            _receiver.Tick();
        }

        Send(0, 24000, end: true, ts: 7000);
        Send(0, 24000, end: true, ts: 7000);
        Send(0, 24000, end: true, ts: 7000);

        DtmfEvent only = Assert.Single(_digits);
        Assert.Equal(3000, only.DurationMilliseconds);
    }

    [Fact]
    public void EventLongerThanOneSegmentContinuesWithoutASecondDigit()
    {
        Send(4, 65000, end: false, ts: 100, marker: true);
        Send(4, 65535, end: false, ts: 100);
        Send(4, 160, end: false, ts: 100 + 65535);
        Send(4, 800, end: true, ts: 100 + 65535);

        DtmfEvent only = Assert.Single(_digits);
        Assert.Equal((65535 + 800) / 8, only.DurationMilliseconds);
    }

    [Fact]
    public void LostEndPacketsStillYieldTheDigitWhenTheNextPressStarts()
    {
        Send(3, 160, end: false, ts: 1000, marker: true);
        Send(3, 320, end: false, ts: 1000);
        Send(7, 160, end: false, ts: 3000, marker: true);

        Assert.Equal("3", Digits());
        Assert.Equal(40, _digits[0].DurationMilliseconds);
        Send(7, 320, end: true, ts: 3000);
        Assert.Equal("37", Digits());
    }

    [Fact]
    public void LostEndPacketsStillYieldTheDigitOnTimeout()
    {
        Send(8, 160, end: false, ts: 1000, marker: true);
        Send(8, 320, end: false, ts: 1000);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        _receiver.Tick();
        Assert.Empty(_digits);

        _time.Advance(Rfc4733Receiver.DefaultEndTimeout);
        _receiver.Tick();
        _receiver.Tick();
        Assert.Equal("8", Digits());
    }

    [Fact]
    public void FlushCompletesARunningPressOnce()
    {
        Send(2, 160, end: false, ts: 1000, marker: true);
        _receiver.Flush();
        _receiver.Flush();
        Send(2, 320, end: true, ts: 1000);

        Assert.Equal("2", Digits());
    }

    [Fact]
    public void TwoPressesOfTheSameDigitWithNewTimestampsAreTwoDigits()
    {
        Press(6, ts: 1000);
        Press(6, ts: 2600);

        Assert.Equal("66", Digits());
    }

    [Fact]
    public void SsrcChangeWithTheSameTimestampStartsANewPress()
    {
        Press(6, ts: 1000, ssrc: 1);
        Press(6, ts: 1000, ssrc: 2);

        Assert.Equal("66", Digits());
    }

    [Fact]
    public void EndPacketReorderedBehindTheNextPressIsNotASecondDigit()
    {
        Send(1, 160, end: false, ts: 1000, marker: true);
        Send(1, 800, end: true, ts: 1000);
        Send(2, 160, end: false, ts: 3000, marker: true);
        Send(1, 800, end: true, ts: 1000);
        Send(2, 320, end: true, ts: 3000);

        Assert.Equal("12", Digits());
    }

    [Fact]
    public void GarbagePayloadsAreIgnoredWithoutException()
    {
        _receiver.OnTelephoneEvent([], 1, true, Ssrc);
        _receiver.OnTelephoneEvent([5, 0x80, 0], 1, true, Ssrc);
        _receiver.OnTelephoneEvent([16, 0x8A, 0, 160], 2, true, Ssrc);
        _receiver.OnTelephoneEvent([255, 0xFF, 0xFF, 0xFF], 3, true, Ssrc);
        _receiver.Flush();
        Assert.Empty(_digits);

        // A valid press after the garbage still works, and extra trailing bytes are tolerated.
        _receiver.OnTelephoneEvent([11, 0x8A, 0x03, 0x20, 0xDE, 0xAD], 4, true, Ssrc);
        Assert.Equal("#", Digits());
    }

    [Fact]
    public void RandomPayloadsNeverThrow()
    {
        var random = new Random(4733);
        var payload = new byte[8];
        for (int i = 0; i < 20_000; i++)
        {
            Span<byte> span = payload.AsSpan(0, random.Next(payload.Length + 1));
            random.NextBytes(span);
            _receiver.OnTelephoneEvent(span, (uint)random.Next(4), random.Next(2) == 0, (uint)random.Next(2));
            if (i % 10 == 0)
            {
                _time.Advance(TimeSpan.FromMilliseconds(random.Next(300)));
                _receiver.Tick();
            }
        }

        Assert.All(_digits, d => Assert.True(DtmfDigit.IsValid(d.Digit)));
    }

    [Fact]
    public void SenderToReceiverRoundTripDeliversEveryDigitOnceInOrder()
    {
        const string Sequence = "1234567890*#ABCD";
        var sender = new Rfc4733Sender();
        Span<byte> payload = stackalloc byte[Rfc4733Payload.Length];
        uint timestamp = 0;
        bool markers = true;

        foreach (char digit in Sequence)
        {
            sender.Start(digit);
            int packets = 0;
            while (sender.TryWriteNext(payload, out Rfc4733Packet packet))
            {
                if (!packet.SameTimestamp)
                {
                    timestamp += 8000;
                }

                markers &= packet.Marker == (packets == 0);
                _receiver.OnTelephoneEvent(payload, timestamp, packet.Marker, Ssrc);
                _time.Advance(TimeSpan.FromMilliseconds(20));
                _receiver.Tick();
                packets++;
            }

            Assert.Equal(7, packets);
        }

        Assert.True(markers);
        Assert.Equal(Sequence, Digits());
        Assert.All(_digits, d => Assert.Equal(100, d.DurationMilliseconds));
    }

    private void Press(byte code, uint ts, uint ssrc = Ssrc)
    {
        Send(code, 160, end: false, ts, marker: true, ssrc);
        Send(code, 320, end: true, ts, marker: false, ssrc);
        Send(code, 320, end: true, ts, marker: false, ssrc);
        Send(code, 320, end: true, ts, marker: false, ssrc);
    }

    private void Send(byte code, ushort duration, bool end, uint ts, bool marker = false, uint ssrc = Ssrc)
    {
        Span<byte> payload = stackalloc byte[4];
        new Rfc4733Payload(code, end, 10, duration).WriteTo(payload);
        _receiver.OnTelephoneEvent(payload, ts, marker, ssrc);
    }

    private string Digits() => string.Concat(_digits.Select(d => d.Digit));
}
