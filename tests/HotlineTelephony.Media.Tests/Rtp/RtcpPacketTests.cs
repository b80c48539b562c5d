using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Tests.Rtp;

public class RtcpPacketTests
{
    private static readonly RtcpReportBlock s_block = new(0xAABBCCDD, 25, -3, 0x0001_0005, 42, 0x1234_5678, 0x0002_8000);

    [Fact]
    public void SenderReportWithOneBlockRoundTrips()
    {
        var buffer = new byte[128];
        var info = new RtcpSenderInfo(0xE5_00_00_00_80_00_00_00, 123456, 250, 40000);
        int length = RtcpPacket.WriteSenderReport(buffer, 0x11223344, info, [s_block]);

        Assert.Equal(52, length);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryRead(out var packet));
        Assert.Equal(RtcpPacketType.SenderReport, packet.Type);
        Assert.Equal(0x11223344u, packet.Ssrc);
        Assert.True(packet.TryGetSenderInfo(out var parsed));
        Assert.Equal(info, parsed);
        Assert.Equal(1, packet.ReportBlockCount);
        Assert.Equal(s_block, packet.GetReportBlock(0));
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void ReceiverReportWithOneBlockRoundTrips()
    {
        var buffer = new byte[64];
        int length = RtcpPacket.WriteReceiverReport(buffer, 7, [s_block]);

        Assert.Equal(32, length);
        Assert.Equal(Convert.FromHexString("81C90007"), buffer.AsSpan(0, 4).ToArray());
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryRead(out var packet));
        Assert.Equal(RtcpPacketType.ReceiverReport, packet.Type);
        Assert.False(packet.TryGetSenderInfo(out _));
        Assert.Equal(s_block, packet.GetReportBlock(0));
    }

    [Fact]
    public void CompoundOfReportSdesAndByeIsReadPacketByPacket()
    {
        var buffer = new byte[256];
        int length = RtcpPacket.WriteReceiverReport(buffer, 9, default);
        length += RtcpPacket.WriteSourceDescription(buffer.AsSpan(length), 9, "agent-1001@10.0.0.5"u8);
        length += RtcpPacket.WriteGoodbye(buffer.AsSpan(length), 9);
        Assert.Equal(0, length % 4);

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryRead(out var rr));
        Assert.Equal(0, rr.ReportBlockCount);
        Assert.True(reader.TryRead(out var sdes));
        Assert.True(sdes.TryGetCname(out uint ssrc, out var cname));
        Assert.Equal(9u, ssrc);
        Assert.Equal("agent-1001@10.0.0.5"u8.ToArray(), cname.ToArray());
        Assert.True(reader.TryRead(out var bye));
        Assert.Equal(RtcpPacketType.Goodbye, bye.Type);
        Assert.Equal(1, bye.GoodbyeSourceCount);
        Assert.Equal(9u, bye.GetGoodbyeSource(0));
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void PacketWhoseLengthRunsPastTheDatagramStopsTheReader()
    {
        var buffer = new byte[64];
        int length = RtcpPacket.WriteReceiverReport(buffer, 7, [s_block]);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length - 4));
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void ReportCountLargerThanTheBodyOnlyYieldsTheBlocksThatFit()
    {
        var buffer = new byte[64];
        int length = RtcpPacket.WriteReceiverReport(buffer, 7, [s_block]);
        buffer[0] = 0x80 | 5;
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryRead(out var packet));
        Assert.Equal(1, packet.ReportBlockCount);
    }

    [Fact]
    public void WrongVersionIsMalformed()
    {
        var reader = new RtcpCompoundReader(Convert.FromHexString("41C9000100000007"));
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void NtpTimestampRoundTripsToTheMicrosecond()
    {
        var time = new DateTimeOffset(2026, 11, 24, 8, 30, 15, 250, TimeSpan.Zero);
        ulong ntp = NtpTimestamp.FromDateTime(time);
        Assert.Equal((ulong)Math.Floor((time - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds), ntp >> 32);
        Assert.Equal(0x4000_0000UL, ntp & 0xFFFF_FFFF);
        Assert.InRange((NtpTimestamp.ToDateTime(ntp) - time).Duration().Ticks, 0, 10);
    }
}
