using HotlineTelephony.Media.Codecs;
using HotlineTelephony.Media.Dtmf;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Dtmf;

public class GoertzelDtmfDetectorTests
{
    public static TheoryData<char> AllDigits => new() { '1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D' };

    [Theory]
    [MemberData(nameof(AllDigits))]
    public void EachDigitInNoiseIsDetectedOnce(char digit)
    {
        short[] audio = new ToneSynth(noiseDbfs: -40).Silence(60).Digit(digit, 100).Silence(100).ToArray();

        Assert.Equal(digit.ToString(), Detect(audio));
    }

    [Theory]
    [MemberData(nameof(AllDigits))]
    public void EachDigitSurvivesMuLawEncodeAndDecode(char digit)
    {
        short[] audio = new ToneSynth(noiseDbfs: -45).Silence(40).Digit(digit, 100).Silence(60).ToArray();
        var encoded = new byte[audio.Length];
        G711.EncodeMuLaw(audio, encoded);
        G711.DecodeMuLaw(encoded, audio);

        Assert.Equal(digit.ToString(), Detect(audio));
    }

    [Theory]
    [MemberData(nameof(AllDigits))]
    public void DigitsWithinTwistLimitsAreAccepted(char digit)
    {
        short[] normal = new ToneSynth().Digit(digit, 100, rowDbfs: -17, columnDbfs: -10).Silence(60).ToArray();
        short[] reverse = new ToneSynth().Digit(digit, 100, rowDbfs: -10, columnDbfs: -13).Silence(60).ToArray();

        Assert.Equal(digit.ToString(), Detect(normal));
        Assert.Equal(digit.ToString(), Detect(reverse));
    }

    [Theory]
    [InlineData('5', -20, -10)]
    [InlineData('1', -22, -10)]
    [InlineData('5', -10, -16)]
    [InlineData('#', -10, -20)]
    public void TwistBeyondTheLimitsIsRejected(char digit, double rowDbfs, double columnDbfs)
    {
        short[] audio = new ToneSynth().Digit(digit, 200, rowDbfs, columnDbfs).ToArray();

        Assert.Equal("", Detect(audio));
    }

    [Theory]
    [InlineData(1.015)]
    [InlineData(0.985)]
    public void DigitsOffFrequencyWithinOnePointFivePercentAreAccepted(double factor)
    {
        foreach ((char digit, (double row, double column)) in ToneSynth.Pairs)
        {
            short[] audio = new ToneSynth().Tones(100, (row * factor, -10), (column * factor, -10)).Silence(60).ToArray();
            Assert.Equal(digit.ToString(), Detect(audio));
        }
    }

    [Fact]
    public void HeldKeyIsOneDigit()
    {
        Assert.Equal("8", Detect(new ToneSynth().Digit('8', 2000).ToArray()));
    }

    [Fact]
    public void SameDigitTwiceWithAGapIsTwoDigits()
    {
        short[] audio = new ToneSynth(noiseDbfs: -40).Digit('5', 100).Silence(60).Digit('5', 100).Silence(60).ToArray();

        Assert.Equal("55", Detect(audio));
    }

    [Fact]
    public void FastDialledSequenceIsDetectedInOrder()
    {
        var synth = new ToneSynth(noiseDbfs: -40);
        foreach (char digit in "12345")
        {
            synth.Digit(digit, 60).Silence(50);
        }

        Assert.Equal("12345", Detect(synth.ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(15)]
    public void FortyMillisecondToneIsDetectedAtAnyFrameAlignment(int offsetMs)
    {
        short[] audio = new ToneSynth(noiseDbfs: -40).Silence(20 + offsetMs).Digit('6', 40).Silence(100).ToArray();

        Assert.Equal("6", Detect(audio));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(15)]
    public void TwentyMillisecondToneIsIgnoredAtAnyFrameAlignment(int offsetMs)
    {
        short[] audio = new ToneSynth().Silence(20 + offsetMs).Digit('3', 20).Silence(100).ToArray();

        Assert.Equal("", Detect(audio));
    }

    [Fact]
    public void QuietDigitsBelowTheAbsoluteThresholdAreIgnored()
    {
        short[] audio = new ToneSynth(noiseDbfs: -70).Digit('2', 200, -45, -45).ToArray();

        Assert.Equal("", Detect(audio));
    }

    [Fact]
    public void SilenceAndNoiseGiveNoDigits()
    {
        Assert.Equal("", Detect(new short[8000]));
        Assert.Equal("", Detect(new ToneSynth(noiseDbfs: -10).Silence(2000).ToArray()));
    }

    [Fact]
    public void OneKilohertzToneGivesNoDigits()
    {
        Assert.Equal("", Detect(new ToneSynth().Tones(2000, (1000, -6)).ToArray()));
    }

    [Theory]
    [InlineData(110)]
    [InlineData(150)]
    [InlineData(220)]
    [InlineData(348.5)]
    [InlineData(385)]
    public void SpeechLikeHarmonicSignalGivesNoDigits(double fundamentalHz)
    {
        var harmonics = new List<(double, double)>();
        for (int k = 1; k * fundamentalHz < 3400; k++)
        {
            harmonics.Add((k * fundamentalHz, -12 - (2.0 * k)));
        }

        Assert.Equal("", Detect(new ToneSynth(noiseDbfs: -45).Tones(2000, [.. harmonics]).ToArray()));
    }

    [Fact]
    public void DtmfPairWithStrongSecondHarmonicsIsRejected()
    {
        short[] audio = new ToneSynth().Tones(300, (697, -10), (1209, -10), (1394, -12), (2418, -12)).ToArray();

        Assert.Equal("", Detect(audio));
    }

    [Fact]
    public void FramesOfOddLengthsAreAccepted()
    {
        short[] audio = new ToneSynth().Silence(20).Digit('9', 100).Silence(60).ToArray();
        var detector = new GoertzelDtmfDetector();
        string found = "";
        int offset = 0;
        int[] lengths = [1, 37, 160, 80, 113];
        for (int i = 0; offset < audio.Length; i++)
        {
            int length = Math.Min(lengths[i % lengths.Length], audio.Length - offset);
            if (detector.ProcessFrame(audio.AsSpan(offset, length), out char digit))
            {
                found += digit;
            }

            offset += length;
        }

        Assert.Equal("9", found);
    }

    [Fact]
    public void FrameLongerThanTwentyMillisecondsIsRejected()
    {
        var detector = new GoertzelDtmfDetector();
        Assert.Throws<ArgumentException>(() => detector.ProcessFrame(new short[161], out _));
    }

    [Fact]
    public void RandomFramesDoNotCrashAndReportAlmostNothing()
    {
        var random = new Random(12345);
        var detector = new GoertzelDtmfDetector();
        var frame = new short[MediaFormat.FrameSamples];
        int reports = 0;
        for (int i = 0; i < 5000; i++)
        {
            int amplitude = random.Next(4) switch { 0 => 100, 1 => 3000, 2 => 20000, _ => 32767 };
            for (int n = 0; n < frame.Length; n++)
            {
                frame[n] = (short)Math.Clamp(random.Next(-amplitude, amplitude + 1), short.MinValue, short.MaxValue);
            }

            if (detector.ProcessFrame(frame, out char digit))
            {
                Assert.True(DtmfDigit.IsValid(digit));
                reports++;
            }
        }

        Assert.InRange(reports, 0, 2);
    }

    private static string Detect(short[] audio)
    {
        var detector = new GoertzelDtmfDetector();
        string found = "";
        for (int offset = 0; offset < audio.Length; offset += MediaFormat.FrameSamples)
        {
            int length = Math.Min(MediaFormat.FrameSamples, audio.Length - offset);
            if (detector.ProcessFrame(audio.AsSpan(offset, length), out char digit))
            {
                found += digit;
            }
        }

        return found;
    }
}
