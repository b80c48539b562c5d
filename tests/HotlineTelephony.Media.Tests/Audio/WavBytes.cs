using System.Buffers.Binary;

namespace HotlineTelephony.Media.Tests.Audio;

/// <summary>Builds WAV files byte by byte, including the malformed ones real writers leave behind.</summary>
internal static class WavBytes
{
    public static byte[] Chunk(string id, ReadOnlySpan<byte> body, uint? declaredSize = null, bool pad = true)
    {
        var bytes = new List<byte>();
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(id));
        bytes.AddRange(UInt32((uint?)declaredSize ?? (uint)body.Length));
        bytes.AddRange(body.ToArray());
        if (pad && body.Length % 2 == 1)
        {
            bytes.Add(0);
        }

        return [.. bytes];
    }

    public static byte[] Fmt(ushort tag = 1, ushort channels = 1, uint rate = 8000, ushort bits = 16)
    {
        var body = new byte[16];
        ushort blockAlign = (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), rate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), bits);
        return Chunk("fmt ", body);
    }

    public static byte[] Pcm(params short[] samples)
    {
        var body = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(body.AsSpan(i * 2), samples[i]);
        }

        return body;
    }

    public static byte[] Riff(params byte[][] chunks)
    {
        var bytes = new List<byte>();
        bytes.AddRange("RIFF"u8.ToArray());
        int length = 4;
        foreach (byte[] chunk in chunks)
        {
            length += chunk.Length;
        }

        bytes.AddRange(UInt32((uint)length));
        bytes.AddRange("WAVE"u8.ToArray());
        foreach (byte[] chunk in chunks)
        {
            bytes.AddRange(chunk);
        }

        return [.. bytes];
    }

    public static byte[] SimplePcm(params short[] samples) => Riff(Fmt(), Chunk("data", Pcm(samples)));

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
