using System.Buffers.Binary;

namespace HotlineTelephony.Media.Tests.Engine;

/// <summary>Reads back a PCM16 WAV the way a player would: by the sizes in its header.</summary>
internal sealed record WavFile(int Channels, int SampleRate, int BitsPerSample, uint RiffSize, short[] Samples)
{
    public static WavFile Read(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal("WAVE"u8.ToArray(), bytes[8..12]);
        Assert.Equal("data"u8.ToArray(), bytes[36..40]);
        uint dataBytes = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40));
        var samples = new short[dataBytes / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (2 * i)));
        }

        return new WavFile(
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(22)),
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(34)),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)),
            samples);
    }

    public short Left(int frame) => Samples[2 * frame];

    public short Right(int frame) => Samples[(2 * frame) + 1];
}
