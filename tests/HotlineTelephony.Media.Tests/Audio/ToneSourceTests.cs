using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Audio;

public class ToneSourceTests
{
    [Theory]
    [InlineData("busy", 350, 350)]
    [InlineData("ringback", 1000, 4000)]
    [InlineData("congestion", 700, 700)]
    public void ChinaCadencesSwitchAtTheStandardTimes(string name, int onMs, int offMs)
    {
        ToneCadence cadence = name switch
        {
            "busy" => ToneCadence.ChinaBusy,
            "ringback" => ToneCadence.ChinaRingback,
            _ => ToneCadence.ChinaCongestion,
        };
        short[] audio = Play(new ToneSource(cadence), seconds: 3 * (onMs + offMs) / 1000.0);

        List<(bool On, int Ms)> runs = Runs(audio);

        // The last run is cut by the end of the recording, so only whole ones are checked.
        Assert.True(runs.Count >= 5);
        foreach ((bool on, int ms) in runs.SkipLast(1))
        {
            Assert.InRange(ms, (on ? onMs : offMs) - 1, (on ? onMs : offMs) + 1);
        }

        Assert.True(runs[0].On);
        Assert.Equal(450, cadence.FrequencyHz);
    }

    [Fact]
    public void DialToneIsContinuous450Hertz()
    {
        var source = new ToneSource(ToneCadence.ChinaDial);
        var frame = new short[MediaFormat.FrameSamples];
        var second = new short[MediaFormat.SampleRate];

        for (int f = 0; f < 250; f++)
        {
            Assert.True(source.ReadFrame(frame));
            frame.CopyTo(second.AsSpan(f % 50 * MediaFormat.FrameSamples));
        }

        Assert.InRange(Signal.RisingZeroCrossings(second), 449, 451);
        Assert.InRange(Signal.RmsDbfs(second), -16.5, -15.5);
    }

    [Fact]
    public void BeepSounds200MillisecondsOnceAt1000Hertz()
    {
        var source = new ToneSource(ToneCadence.Beep);
        var frame = new short[MediaFormat.FrameSamples];
        var audio = new List<short>();
        int soundingFrames = 0;

        for (int f = 0; f < 50; f++)
        {
            if (source.ReadFrame(frame))
            {
                soundingFrames++;
            }

            audio.AddRange(frame);
        }

        Assert.Equal(10, soundingFrames);
        Assert.True(source.IsFinished);
        short[] samples = [.. audio];
        Assert.Equal(200, Runs(samples)[0].Ms, tolerance: 1);
        Assert.InRange(Signal.RisingZeroCrossings(samples), 199, 201);
    }

    [Fact]
    public void RestartPlaysTheBeepAgain()
    {
        var source = new ToneSource(ToneCadence.Beep);
        var frame = new short[MediaFormat.FrameSamples];
        for (int f = 0; f < 11; f++)
        {
            source.ReadFrame(frame);
        }

        source.Restart();

        Assert.False(source.IsFinished);
        Assert.True(source.ReadFrame(frame));
    }

    [Fact]
    public void BurstEdgesAreRampedSoGatingDoesNotClick()
    {
        short[] audio = Play(new ToneSource(ToneCadence.ChinaBusy), seconds: 1);
        int lastOfBurst = (350 * 8) - 1;

        Assert.InRange(Math.Abs((int)audio[lastOfBurst]), 0, 32767 / 4 / 16 + 1);
        Assert.Equal(0, audio[lastOfBurst + 1]);
    }

    [Fact]
    public void ReadingFramesAllocatesNothing()
    {
        var source = new ToneSource(ToneCadence.ChinaBusy);
        var frame = new short[MediaFormat.FrameSamples];
        source.ReadFrame(frame);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int f = 0; f < 500; f++)
        {
            source.ReadFrame(frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static short[] Play(IMediaPort source, double seconds)
    {
        int frames = (int)Math.Ceiling(seconds * 1000 / MediaFormat.FrameMilliseconds);
        var audio = new short[frames * MediaFormat.FrameSamples];
        for (int f = 0; f < frames; f++)
        {
            source.ReadFrame(audio.AsSpan(f * MediaFormat.FrameSamples, MediaFormat.FrameSamples));
        }

        return audio;
    }

    /// <summary>
    /// Splits audio into sounding and silent runs, in milliseconds. A burst begins with a zero sample (phase 0, ramp
    /// start), so a run is "on" from the first sample of the burst: silence must last over 1 ms to count as off.
    /// </summary>
    private static List<(bool On, int Ms)> Runs(short[] audio)
    {
        var runs = new List<(bool On, int Ms)>();
        int start = 0;
        bool on = true;
        int i = 0;
        while (i < audio.Length)
        {
            int zeros = 0;
            while (i + zeros < audio.Length && audio[i + zeros] == 0)
            {
                zeros++;
            }

            if (zeros > 8)
            {
                if (on && i > start)
                {
                    runs.Add((true, (i - start) / 8));
                }

                runs.Add((false, zeros / 8));
                start = i + zeros;
                i += zeros;
                on = true;
                continue;
            }

            i += Math.Max(zeros, 1);
        }

        if (start < audio.Length)
        {
            runs.Add((true, (audio.Length - start) / 8));
        }

        return runs;
    }
}
