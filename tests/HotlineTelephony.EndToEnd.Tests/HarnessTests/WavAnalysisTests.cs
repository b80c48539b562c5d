using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.HarnessTests;

/// <summary>The analysis the media tests rely on, checked on files made here, so a wrong verdict is not blamed on the server.</summary>
public sealed class WavAnalysisTests
{
    [Fact]
    public void PureToneHasNearlyAllItsEnergyAtItsFrequencyAndNoneAtAnother()
    {
        string path = WriteTone(440, seconds: 1);
        var wav = WavAnalysis.Load(path);

        Assert.Equal(1.0, wav.Duration.TotalSeconds, 2);
        Assert.True(wav.ToneShare(440) > 0.8, $"share at 440 Hz: {wav.ToneShare(440)}");
        Assert.True(wav.ToneShare(1000) < 0.05, $"share at 1000 Hz: {wav.ToneShare(1000)}");
        Assert.True(wav.Rms() > 1000);
    }

    private static string WriteTone(double frequency, double seconds)
    {
        int count = (int)(8000 * seconds);
        var path = Path.Combine(Path.GetTempPath(), $"tone-{Guid.NewGuid():N}.wav");
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8);
        writer.Write(36 + (count * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(8000);
        writer.Write(16000);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(count * 2);
        for (int i = 0; i < count; i++)
        {
            writer.Write((short)(8000 * Math.Sin(2 * Math.PI * frequency * i / 8000)));
        }

        return path;
    }
}
