using System.Buffers.Binary;
using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Tests.Rtp;

public class RtpPacketTests
{
    [Fact]
    public void WrittenPacketParsesBackToTheSameFieldsAndPayload()
    {
        byte[] payload = [1, 2, 3, 4, 5];
        var header = new RtpHeader(8, 65535, 0xDEADBEEF, 0x01020304, marker: true);
        var buffer = new byte[64];
        int length = RtpPacket.Write(buffer, header, payload);

        Assert.Equal(17, length);
        Assert.Equal(RtpParseStatus.Ok, RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(8, packet.Header.PayloadType);
        Assert.Equal(65535, packet.Header.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Header.Timestamp);
        Assert.Equal(0x01020304u, packet.Header.Ssrc);
        Assert.True(packet.Header.Marker);
        Assert.False(packet.Header.Padding);
        Assert.False(packet.Header.Extension);
        Assert.Equal(0, packet.Header.CsrcCount);
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    [Fact]
    public void WrittenHeaderIsTheRfc3550FixedHeaderOnTheWire()
    {
        var buffer = new byte[12];
        new RtpHeader(0, 0x1234, 0x00000A0B, 0xCAFEBABE, marker: false).Write(buffer);
        Assert.Equal(Convert.FromHexString("80001234" + "00000A0B" + "CAFEBABE"), buffer);
    }

    [Fact]
    public void CsrcListExtensionAndPaddingAreSkippedToFindThePayload()
    {
        // V=2 P=1 X=1 CC=2, M=1 PT=101, then 2 CSRCs, a 1-word extension, 3 payload bytes, 3 padding bytes.
        byte[] datagram = Convert.FromHexString(
            "B2E5" + "0007" + "00000140" + "11111111" +
            "22222222" + "33333333" +
            "BEDE0001" + "AABBCCDD" +
            "0A8001" +
            "000003");
        Assert.Equal(RtpParseStatus.Ok, RtpPacket.TryParse(datagram, out var packet));
        Assert.Equal(101, packet.Header.PayloadType);
        Assert.True(packet.Header.Marker);
        Assert.Equal(2, packet.Header.CsrcCount);
        Assert.Equal(8, packet.Csrcs.Length);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(Convert.FromHexString("AABBCCDD"), packet.ExtensionData.ToArray());
        Assert.Equal(Convert.FromHexString("0A8001"), packet.Payload.ToArray());
    }

    [Fact]
    public void HeaderWithoutPayloadIsValid()
    {
        Assert.Equal(RtpParseStatus.Ok, RtpPacket.TryParse(Convert.FromHexString("800000010000000000000001"), out var packet));
        Assert.True(packet.Payload.IsEmpty);
    }

    [Theory]
    [InlineData("", RtpParseStatus.ShortHeader)]
    [InlineData("8000000100000000000000", RtpParseStatus.ShortHeader)]
    [InlineData("400000010000000000000001AA", RtpParseStatus.BadVersion)]
    [InlineData("C00000010000000000000001AA", RtpParseStatus.BadVersion)]
    [InlineData("000000010000000000000001AA", RtpParseStatus.BadVersion)]
    [InlineData("810000010000000000000001", RtpParseStatus.BadCsrcCount)]
    [InlineData("8F00000100000000000000010000000000000000", RtpParseStatus.BadCsrcCount)]
    [InlineData("A00000010000000000000001AA05", RtpParseStatus.BadPadding)]
    [InlineData("A00000010000000000000001AA00", RtpParseStatus.BadPadding)]
    [InlineData("900000010000000000000001BEDE", RtpParseStatus.BadExtension)]
    [InlineData("900000010000000000000001BEDE0002AABBCCDD", RtpParseStatus.BadExtension)]
    public void MalformedPacketIsRejectedWithItsStatus(string hex, RtpParseStatus expected)
    {
        Assert.Equal(expected, RtpPacket.TryParse(Convert.FromHexString(hex), out var packet));
        Assert.True(packet.Payload.IsEmpty);
    }

    [Fact]
    public void PaddingThatEatsTheWholePayloadLeavesAnEmptyPayload()
    {
        Assert.Equal(RtpParseStatus.Ok, RtpPacket.TryParse(Convert.FromHexString("A00000010000000000000001AAAA03"), out var packet));
        Assert.True(packet.Payload.IsEmpty);
    }

    [Fact]
    public void WriteIntoATooSmallSpanThrows()
    {
        var header = new RtpHeader(0, 1, 2, 3);
        Assert.Throws<ArgumentException>(() => RtpPacket.Write(new byte[20], header, new byte[10]));
    }

    [Fact]
    public void PayloadTypeAboveSevenBitsIsMaskedOnWrite()
    {
        var buffer = new byte[12];
        new RtpHeader(0xFF, 0, 0, 0).Write(buffer);
        Assert.Equal(0x7F, buffer[1]);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)));
    }
}
