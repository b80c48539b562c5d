using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Tests.Rtp;

/// <summary>Mutation fuzzing: valid datagrams with random bit flips, truncations and extensions must never throw.</summary>
public class WireFuzzTests
{
    private const int Mutants = 100_000;

    [Fact]
    public void RtpParserSurvivesAHundredThousandMutantsWithoutThrowing()
    {
        var random = new Random(20261124);
        byte[][] seeds = BuildRtpSeeds();
        var scratch = new byte[1600];
        int ok = 0;
        for (int i = 0; i < Mutants; i++)
        {
            int length = Mutate(random, seeds[i % seeds.Length], scratch);
            var span = scratch.AsSpan(0, length);
            var status = RtpPacket.TryParse(span, out var packet);
            Assert.True(Enum.IsDefined(status));
            if (status == RtpParseStatus.Ok)
            {
                ok++;
                Assert.True(12 + packet.Csrcs.Length + packet.ExtensionData.Length + packet.Payload.Length <= length);
                Assert.Equal(packet.Header.CsrcCount * 4, packet.Csrcs.Length);
            }
        }

        Assert.InRange(ok, 1, Mutants - 1);
    }

    [Fact]
    public void RtcpReaderSurvivesAHundredThousandMutantsWithoutThrowing()
    {
        var random = new Random(3550);
        byte[] seed = BuildRtcpSeed();
        var scratch = new byte[1600];
        long packets = 0;
        for (int i = 0; i < Mutants; i++)
        {
            int length = Mutate(random, seed, scratch);
            var reader = new RtcpCompoundReader(scratch.AsSpan(0, length));
            while (reader.TryRead(out var packet))
            {
                packets++;
                packet.TryGetSenderInfo(out _);
                for (int b = 0; b < packet.ReportBlockCount; b++)
                {
                    packet.GetReportBlock(b);
                }

                for (int b = 0; b < packet.GoodbyeSourceCount; b++)
                {
                    packet.GetGoodbyeSource(b);
                }

                packet.TryGetCname(out _, out _);
                _ = packet.Ssrc;
            }
        }

        Assert.True(packets > Mutants);
    }

    private static int Mutate(Random random, byte[] seed, byte[] scratch)
    {
        seed.CopyTo(scratch, 0);
        int length = seed.Length;
        int flips = random.Next(1, 5);
        for (int f = 0; f < flips; f++)
        {
            int at = random.Next(length);
            scratch[at] ^= (byte)(1 << random.Next(8));
        }

        switch (random.Next(4))
        {
            case 0:
                length = random.Next(length + 1);
                break;
            case 1:
                int extra = random.Next(1, 64);
                random.NextBytes(scratch.AsSpan(length, extra));
                length += extra;
                break;
            case 2:
                // Hit the header byte that carries V/P/X/CC or V/P/count with a random value.
                scratch[0] = (byte)random.Next(256);
                break;
        }

        return length;
    }

    private static byte[][] BuildRtpSeeds()
    {
        var plain = new byte[172];
        RtpPacket.Write(plain, new RtpHeader(0, 1, 160, 0x1234), new byte[160]);
        byte[] full = Convert.FromHexString(
            "B2E5000700000140111111112222222233333333BEDE0001AABBCCDD0A8001000003");
        byte[] dtmf = Convert.FromHexString("80E5000100000140111111110A0A00A0");
        return [plain, full, dtmf];
    }

    private static byte[] BuildRtcpSeed()
    {
        var buffer = new byte[256];
        var block = new RtcpReportBlock(0xAAAA, 12, 34, 70000, 80, 0x12345678, 65536);
        int length = RtcpPacket.WriteSenderReport(buffer, 0x1234, new RtcpSenderInfo(0x0102030405060708, 160, 10, 1600), [block]);
        length += RtcpPacket.WriteSourceDescription(buffer.AsSpan(length), 0x1234, "hotline@192.0.2.1"u8);
        length += RtcpPacket.WriteGoodbye(buffer.AsSpan(length), 0x1234);
        return buffer.AsSpan(0, length).ToArray();
    }
}
