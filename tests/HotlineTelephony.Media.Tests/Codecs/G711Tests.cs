using HotlineTelephony.Media.Codecs;

namespace HotlineTelephony.Media.Tests.Codecs;

public class G711Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(-1000)]
    [InlineData(12345)]
    [InlineData(-30000)]
    [InlineData(32767)]
    [InlineData(-32768)]
    public void MuLawRoundTripStaysWithinTheQuantisationStep(int sample)
    {
        short decoded = G711.MuLawToLinear(G711.LinearToMuLaw((short)sample));
        Assert.InRange(Math.Abs(decoded - sample), 0, Math.Max(8, Math.Abs(sample) / 16 + 132));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(-1000)]
    [InlineData(12345)]
    [InlineData(-30000)]
    [InlineData(32767)]
    [InlineData(-32768)]
    public void ALawRoundTripStaysWithinTheQuantisationStep(int sample)
    {
        short decoded = G711.ALawToLinear(G711.LinearToALaw((short)sample));
        Assert.InRange(Math.Abs(decoded - sample), 0, Math.Max(16, Math.Abs(sample) / 16 + 64));
    }

    [Fact]
    public void EveryCodeWordDecodesAndReEncodesToItself()
    {
        for (int code = 0; code < 256; code++)
        {
            // µ-law has two zeros (0x7F and 0xFF); both decode to 0, which encodes as 0xFF.
            if (code != 0x7F)
            {
                Assert.Equal((byte)code, G711.LinearToMuLaw(G711.MuLawToLinear((byte)code)));
            }

            Assert.Equal((byte)code, G711.LinearToALaw(G711.ALawToLinear((byte)code)));
        }
    }

    [Fact]
    public void SilenceEncodesToTheStandardIdleCodes()
    {
        Assert.Equal(0xFF, G711.LinearToMuLaw(0));
        Assert.Equal(0xD5, G711.LinearToALaw(0));
    }
}
