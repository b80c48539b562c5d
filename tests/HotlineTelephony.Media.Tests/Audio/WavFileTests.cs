using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Codecs;

namespace HotlineTelephony.Media.Tests.Audio;

public class WavFileTests
{
    private static readonly short[] s_samples = [0, 1, -1, 1000, -1000, short.MaxValue, short.MinValue, 12345];

    [Fact]
    public void ReadsEightKilohertzMonoPcm16SampleExact()
    {
        AudioClip clip = WavFile.Parse(WavBytes.SimplePcm(s_samples), "plain.wav");

        Assert.Equal(s_samples, clip.Samples.ToArray());
        Assert.Equal("plain", clip.Name);
    }

    [Fact]
    public void DecodesMuLawAndALawThroughG711()
    {
        byte[] codes = [0x00, 0x7F, 0x80, 0xFF, 0x55, 0xD5];
        byte[] muLaw = WavBytes.Riff(WavBytes.Fmt(tag: 7, bits: 8), WavBytes.Chunk("data", codes));
        byte[] aLaw = WavBytes.Riff(WavBytes.Fmt(tag: 6, bits: 8), WavBytes.Chunk("data", codes));

        Assert.Equal(codes.Select(G711.MuLawToLinear), WavFile.Parse(muLaw, "u.wav").Samples.ToArray());
        Assert.Equal(codes.Select(G711.ALawToLinear), WavFile.Parse(aLaw, "a.wav").Samples.ToArray());
    }

    [Fact]
    public void SkipsListAndFactChunksAndOddPadding()
    {
        byte[] file = WavBytes.Riff(
            WavBytes.Chunk("LIST", "INFOabc"u8),
            WavBytes.Fmt(),
            WavBytes.Chunk("fact", [1, 2, 3, 4]),
            WavBytes.Chunk("junk", [9]),
            WavBytes.Chunk("data", WavBytes.Pcm(s_samples)),
            WavBytes.Chunk("LIST", "INFOtrailer"u8));

        Assert.Equal(s_samples, WavFile.Parse(file, "chunks.wav").Samples.ToArray());
    }

    [Fact]
    public void AcceptsAFinalOddChunkWithoutItsPadByte()
    {
        byte[] file = WavBytes.Riff(WavBytes.Fmt(), WavBytes.Chunk("data", WavBytes.Pcm(s_samples)), WavBytes.Chunk("note", [7], pad: false));

        Assert.Equal(s_samples, WavFile.Parse(file, "nopad.wav").Samples.ToArray());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(uint.MaxValue)]
    public void PlaceholderDataSizeMeansTheAudioRunsToTheEndOfTheFile(uint placeholder)
    {
        byte[] file = WavBytes.Riff(WavBytes.Fmt(), WavBytes.Chunk("data", WavBytes.Pcm(s_samples), declaredSize: placeholder));

        Assert.Equal(s_samples, WavFile.Parse(file, "killed.wav").Samples.ToArray());
    }

    [Fact]
    public void DropsAHalfSampleLeftByAKilledWriter()
    {
        byte[] data = [.. WavBytes.Pcm(s_samples), 0x42];
        byte[] file = WavBytes.Riff(WavBytes.Fmt(), WavBytes.Chunk("data", data, declaredSize: 0, pad: false));

        Assert.Equal(s_samples, WavFile.Parse(file, "half.wav").Samples.ToArray());
    }

    [Fact]
    public void IgnoresARiffSizeThatDisagreesWithTheFile()
    {
        byte[] file = WavBytes.SimplePcm(s_samples);
        file[4] = 0xFF;
        file[5] = 0xFF;
        file[6] = 0xFF;
        file[7] = 0xFF;

        Assert.Equal(s_samples, WavFile.Parse(file, "riff.wav").Samples.ToArray());
    }

    [Theory]
    [InlineData(1, 1, 16000, 16, "16-bit 16000 Hz 1 channel")]
    [InlineData(1, 2, 8000, 16, "8000 Hz 2 channel")]
    [InlineData(1, 1, 8000, 8, "PCM 8-bit")]
    [InlineData(3, 1, 8000, 32, "IEEE float")]
    [InlineData(2, 1, 8000, 4, "format tag 2")]
    public void RejectsOtherFormatsNamingTheFileAndWhatItFound(int tag, int channels, int rate, int bits, string found)
    {
        byte[] file = WavBytes.Riff(WavBytes.Fmt((ushort)tag, (ushort)channels, (uint)rate, (ushort)bits), WavBytes.Chunk("data", new byte[64]));

        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(file, "custom-welcome.wav"));

        Assert.Contains("'custom-welcome.wav'", error.Message);
        Assert.Contains(found, error.Message);
        Assert.Contains("8000 Hz mono", error.Message);
    }

    [Theory]
    [InlineData("RIFX", "WAVE", "'RIFX'")]
    [InlineData("OggS", "WAVE", "'OggS'")]
    [InlineData("RIFF", "AVI ", "'AVI '")]
    public void RejectsWrongMagic(string riff, string wave, string named)
    {
        byte[] file = WavBytes.SimplePcm(s_samples);
        System.Text.Encoding.ASCII.GetBytes(riff).CopyTo(file, 0);
        System.Text.Encoding.ASCII.GetBytes(wave).CopyTo(file, 8);

        var error = Assert.Throws<WavFormatException>(() => WavFile.Parse(file, "x.wav"));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void RejectsEveryTruncatedHeaderWithAWavFormatException()
    {
        byte[] file = WavBytes.SimplePcm(s_samples);

        // Up to and including the data chunk header: anything shorter has no usable audio description.
        for (int length = 0; length < 44; length++)
        {
            Assert.Throws<WavFormatException>(() => WavFile.Parse(file.AsSpan(0, length), "cut.wav"));
        }
    }

    [Fact]
    public void RejectsChunkSizesBeyondTheEndOfTheFile()
    {
        byte[] hugeList = WavBytes.Riff(WavBytes.Chunk("LIST", [1, 2], declaredSize: 0x7FFFFFF0), WavBytes.Fmt());
        byte[] hugeData = WavBytes.Riff(WavBytes.Fmt(), WavBytes.Chunk("data", WavBytes.Pcm(s_samples), declaredSize: 1_000_000));
        byte[] hugeFmt = WavBytes.Riff(WavBytes.Chunk("fmt ", new byte[16], declaredSize: 0xFFFFFFF0));

        Assert.Contains("'LIST'", Assert.Throws<WavFormatException>(() => WavFile.Parse(hugeList, "l.wav")).Message);
        Assert.Contains("truncated", Assert.Throws<WavFormatException>(() => WavFile.Parse(hugeData, "d.wav")).Message);
        Assert.Contains("'fmt '", Assert.Throws<WavFormatException>(() => WavFile.Parse(hugeFmt, "f.wav")).Message);
    }

    [Fact]
    public void RejectsMissingOrMisplacedChunks()
    {
        Assert.Contains("no fmt", Assert.Throws<WavFormatException>(() => WavFile.Parse(WavBytes.Riff(WavBytes.Chunk("LIST", [])), "a.wav")).Message);
        Assert.Contains("no data", Assert.Throws<WavFormatException>(() => WavFile.Parse(WavBytes.Riff(WavBytes.Fmt()), "b.wav")).Message);
        Assert.Contains("before the fmt", Assert.Throws<WavFormatException>(() => WavFile.Parse(WavBytes.Riff(WavBytes.Chunk("data", [0, 0]), WavBytes.Fmt()), "c.wav")).Message);
        Assert.Contains("fmt chunk is 8 bytes", Assert.Throws<WavFormatException>(() => WavFile.Parse(WavBytes.Riff(WavBytes.Chunk("fmt ", new byte[8])), "d.wav")).Message);
    }

    [Fact]
    public void MutatedFilesEitherParseOrThrowWavFormatException()
    {
        byte[] original = WavBytes.Riff(
            WavBytes.Chunk("LIST", "INFOabc"u8),
            WavBytes.Fmt(),
            WavBytes.Chunk("data", WavBytes.Pcm(s_samples)));
        var random = new Random(12345);
        var mutant = new byte[original.Length];

        for (int round = 0; round < 20_000; round++)
        {
            original.CopyTo(mutant, 0);
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                // Aim most mutations at the header and chunk sizes, where the parser makes its decisions.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(48, mutant.Length)) : random.Next(mutant.Length);
                mutant[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => 0xFF,
                    _ => 0x00,
                };
            }

            int length = random.Next(4) == 0 ? random.Next(mutant.Length + 1) : mutant.Length;
            try
            {
                AudioClip clip = WavFile.Parse(mutant.AsSpan(0, length), "fuzz.wav");
                Assert.InRange(clip.SampleCount, 0, length);
            }
            catch (WavFormatException)
            {
            }
        }
    }

    [Fact]
    public void ReadingAMissingFileThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => WavFile.Read(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.wav")));
    }
}
