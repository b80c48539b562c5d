namespace HotlineTelephony.Media.Codecs;

/// <summary>
/// ITU-T G.711 µ-law (PCMU, payload type 0) and A-law (PCMA, payload type 8) by table lookup: decoding is one
/// load per sample and encoding indexes a 16 K table by the top 14 bits, so transcoding a 160-sample frame is a few
/// hundred nanoseconds and allocates nothing.
/// </summary>
public static class G711
{
    private static readonly short[] s_muLawToLinear = new short[256];
    private static readonly short[] s_aLawToLinear = new short[256];
    private static readonly byte[] s_linearToMuLaw = new byte[16384];
    private static readonly byte[] s_linearToALaw = new byte[16384];

    static G711()
    {
        for (int i = 0; i < 256; i++)
        {
            s_muLawToLinear[i] = DecodeMuLaw((byte)i);
            s_aLawToLinear[i] = DecodeALaw((byte)i);
        }

        for (int i = 0; i < 16384; i++)
        {
            short sample = (short)((i - 8192) << 2);
            s_linearToMuLaw[i] = EncodeMuLaw(sample);
            s_linearToALaw[i] = EncodeALaw(sample);
        }
    }

    public static short MuLawToLinear(byte value) => s_muLawToLinear[value];

    public static short ALawToLinear(byte value) => s_aLawToLinear[value];

    public static byte LinearToMuLaw(short sample) => s_linearToMuLaw[(sample >> 2) + 8192];

    public static byte LinearToALaw(short sample) => s_linearToALaw[(sample >> 2) + 8192];

    public static void DecodeMuLaw(ReadOnlySpan<byte> encoded, Span<short> samples)
    {
        for (int i = 0; i < encoded.Length; i++)
        {
            samples[i] = s_muLawToLinear[encoded[i]];
        }
    }

    public static void DecodeALaw(ReadOnlySpan<byte> encoded, Span<short> samples)
    {
        for (int i = 0; i < encoded.Length; i++)
        {
            samples[i] = s_aLawToLinear[encoded[i]];
        }
    }

    public static void EncodeMuLaw(ReadOnlySpan<short> samples, Span<byte> encoded)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            encoded[i] = s_linearToMuLaw[(samples[i] >> 2) + 8192];
        }
    }

    public static void EncodeALaw(ReadOnlySpan<short> samples, Span<byte> encoded)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            encoded[i] = s_linearToALaw[(samples[i] >> 2) + 8192];
        }
    }

    /// <summary>Re-encodes µ-law as A-law (and back) without a linear buffer, for relaying between unlike legs.</summary>
    public static void MuLawToALaw(ReadOnlySpan<byte> muLaw, Span<byte> aLaw)
    {
        for (int i = 0; i < muLaw.Length; i++)
        {
            aLaw[i] = LinearToALaw(s_muLawToLinear[muLaw[i]]);
        }
    }

    public static void ALawToMuLaw(ReadOnlySpan<byte> aLaw, Span<byte> muLaw)
    {
        for (int i = 0; i < aLaw.Length; i++)
        {
            muLaw[i] = LinearToMuLaw(s_aLawToLinear[aLaw[i]]);
        }
    }

    // The reference algorithms (G.711 / Sun's g711.c formulation), used only to fill the tables.
    private static short DecodeMuLaw(byte value)
    {
        int u = ~value & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short)((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    private static byte EncodeMuLaw(short sample)
    {
        const int Bias = 0x84;
        const int Clip = 32635;
        int pcm = sample;
        int sign = 0;
        if (pcm < 0)
        {
            pcm = -pcm;
            sign = 0x80;
        }

        if (pcm > Clip)
        {
            pcm = Clip;
        }

        pcm += Bias;
        int exponent = HighestBit(pcm >> 7);
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    private static short DecodeALaw(byte value)
    {
        int a = value ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        switch (segment)
        {
            case 0:
                t += 8;
                break;
            case 1:
                t += 0x108;
                break;
            default:
                t += 0x108;
                t <<= segment - 1;
                break;
        }

        return (short)((a & 0x80) != 0 ? t : -t);
    }

    private static byte EncodeALaw(short sample)
    {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            pcm = -pcm - 1;
        }

        // Segment ends 0x1F, 0x3F, …, 0xFFF: the first segment whose end is not below the value.
        int segment = 0;
        while (segment < 8 && pcm > ((0x20 << segment) - 1))
        {
            segment++;
        }

        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        int aval = segment << 4;
        aval |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte)(aval ^ mask);
    }

    /// <summary>floor(log2(value)) for 1..255, and 0 for 0: the µ-law exponent.</summary>
    private static int HighestBit(int value)
    {
        int bit = 0;
        while (value > 1)
        {
            value >>= 1;
            bit++;
        }

        return bit;
    }
}
