using HotlineTelephony.Media.Dtmf;

namespace HotlineTelephony.Media.Tests.Dtmf;

public class Rfc4733SenderTests
{
    [Fact]
    public void DefaultDigitIsMarkedStartThreeUpdatesAndThreeEndPacketsAtVolumeTen()
    {
        var sender = new Rfc4733Sender();
        sender.Start('#');
        var wire = new List<string>();
        Span<byte> payload = stackalloc byte[4];

        while (sender.TryWriteNext(payload, out Rfc4733Packet packet))
        {
            wire.Add($"{Convert.ToHexString(payload)} M={(packet.Marker ? 1 : 0)} same={(packet.SameTimestamp ? 1 : 0)}");
        }

        Assert.Equal(
            [
                "0B0A00A0 M=1 same=0",
                "0B0A0140 M=0 same=1",
                "0B0A01E0 M=0 same=1",
                "0B0A0280 M=0 same=1",
                "0B8A0320 M=0 same=1",
                "0B8A0320 M=0 same=1",
                "0B8A0320 M=0 same=1",
            ],
            wire);
        Assert.False(sender.IsSending);
    }

    [Fact]
    public void ShortDigitIsAMarkedEndPacketSentThreeTimes()
    {
        var sender = new Rfc4733Sender();
        sender.Start('7', durationMilliseconds: 20);
        Span<byte> payload = stackalloc byte[4];

        Assert.True(sender.TryWriteNext(payload, out Rfc4733Packet first));
        Assert.True(first.Marker && first.End);
        Assert.Equal(160, first.Duration);
        Assert.True(sender.TryWriteNext(payload, out _));
        Assert.True(sender.TryWriteNext(payload, out _));
        Assert.False(sender.TryWriteNext(payload, out _));
    }

    [Fact]
    public void DurationThatIsNotAMultipleOfThePacketIntervalEndsOnTheExactDuration()
    {
        var sender = new Rfc4733Sender();
        sender.Start('1', durationMilliseconds: 90);
        Span<byte> payload = stackalloc byte[4];
        var durations = new List<int>();
        while (sender.TryWriteNext(payload, out Rfc4733Packet packet))
        {
            durations.Add(packet.Duration);
        }

        Assert.Equal([160, 320, 480, 640, 720, 720, 720], durations);
    }

    [Fact]
    public void NonDigitIsRejected()
    {
        var sender = new Rfc4733Sender();
        Assert.Throws<ArgumentException>(() => sender.Start('x'));
    }

    [Fact]
    public void EveryEventCodeMapsToItsKeyAndBack()
    {
        const string Keys = "0123456789*#ABCD";
        for (int code = 0; code <= 15; code++)
        {
            Assert.True(DtmfDigit.TryFromEventCode(code, out char digit));
            Assert.Equal(Keys[code], digit);
            Assert.True(DtmfDigit.TryToEventCode(digit, out byte back));
            Assert.Equal(code, back);
        }

        Assert.False(DtmfDigit.TryFromEventCode(16, out _));
        Assert.False(DtmfDigit.TryFromEventCode(-1, out _));
        Assert.True(DtmfDigit.TryToEventCode('c', out byte lower));
        Assert.Equal(14, lower);
        Assert.False(DtmfDigit.IsValid('E'));
    }
}
