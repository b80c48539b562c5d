using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Audio;

public class MusicOnHoldTests
{
    [Fact]
    public void LoopIsAudibleButSofterThanPrompts()
    {
        AudioClip loop = MusicOnHold.Clip;

        Assert.InRange(loop.Duration.TotalSeconds, 10, 30);
        Assert.InRange(Signal.Peak(loop.Samples.Span), 32767 * Math.Pow(10, MusicOnHold.PeakLevelDbfs / 20) - 2, 32767 * Math.Pow(10, MusicOnHold.PeakLevelDbfs / 20) + 2);
        Assert.InRange(Signal.RmsDbfs(loop.Samples.Span), -32, -16);
    }

    [Fact]
    public void EverySecondOfTheLoopHasMusicInIt()
    {
        ReadOnlySpan<short> loop = MusicOnHold.Clip.Samples.Span;

        for (int at = 0; at + MediaFormat.SampleRate <= loop.Length; at += MediaFormat.SampleRate)
        {
            Assert.True(Signal.RmsDbfs(loop.Slice(at, MediaFormat.SampleRate)) > -40, $"second {at / MediaFormat.SampleRate} is near silent");
        }
    }

    [Fact]
    public void LoopJoinsWithoutAClick()
    {
        ReadOnlySpan<short> loop = MusicOnHold.Clip.Samples.Span;

        // Tails wrap to the start, so the seam is no bigger a step than the music makes anywhere else.
        int largestStep = 0;
        for (int i = 1; i < loop.Length; i++)
        {
            largestStep = Math.Max(largestStep, Math.Abs(loop[i] - loop[i - 1]));
        }

        Assert.InRange(Math.Abs(loop[0] - loop[^1]), 0, largestStep);
    }

    [Fact]
    public void PortPlaysTheLoopContinuouslyAcrossItsEnd()
    {
        var port = new MusicOnHold();
        ReadOnlySpan<short> loop = MusicOnHold.Clip.Samples.Span;
        var frame = new short[MediaFormat.FrameSamples];
        int frames = (loop.Length / MediaFormat.FrameSamples) + 3;
        long position = 0;

        for (int f = 0; f < frames; f++)
        {
            Assert.True(port.ReadFrame(frame));
            for (int i = 0; i < frame.Length; i++)
            {
                Assert.Equal(loop[(int)(position++ % loop.Length)], frame[i]);
            }
        }

        Assert.Equal("moh", port.Name);
    }
}
