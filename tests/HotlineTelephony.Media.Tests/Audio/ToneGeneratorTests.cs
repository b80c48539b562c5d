using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Audio;

public class ToneGeneratorTests
{
    [Theory]
    [InlineData(450)]
    [InlineData(1000)]
    [InlineData(2100)]
    public void GeneratesTheRequestedFrequency(double frequency)
    {
        var generator = new ToneGenerator(frequency, levelDbfs: -13);
        var second = new short[MediaFormat.SampleRate];
        generator.Generate(second);

        Assert.InRange(Signal.RisingZeroCrossings(second), frequency - 1, frequency + 1);
        double atFrequency = Signal.Goertzel(second, frequency);
        Assert.True(atFrequency > 100 * Signal.Goertzel(second, frequency * 1.1), "energy belongs at the tone, not 10% above");
        Assert.True(atFrequency > 100 * Signal.Goertzel(second, frequency * 0.9), "energy belongs at the tone, not 10% below");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-13)]
    [InlineData(-30)]
    public void PeakMatchesTheLevelInDbfs(double level)
    {
        var generator = new ToneGenerator(1000, level);
        var samples = new short[800];
        generator.Generate(samples);

        double expected = 32767 * Math.Pow(10, level / 20);
        Assert.InRange(Signal.Peak(samples), expected * 0.99, expected + 1);
    }

    [Fact]
    public void FramesJoinWithoutAPhaseJump()
    {
        var whole = new short[MediaFormat.FrameSamples * 50];
        new ToneGenerator(450, -13).Generate(whole);

        var framed = new ToneGenerator(450, -13);
        var frame = new short[MediaFormat.FrameSamples];
        for (int f = 0; f < 50; f++)
        {
            framed.Generate(frame);
            for (int i = 0; i < frame.Length; i++)
            {
                Assert.InRange(frame[i] - whole[(f * frame.Length) + i], -1, 1);
            }
        }
    }

    [Theory]
    [InlineData(0, -13)]
    [InlineData(4000, -13)]
    [InlineData(450, 1)]
    [InlineData(double.NaN, -13)]
    public void RejectsImpossibleTones(double frequency, double level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneGenerator(frequency, level));
    }
}
