namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// Reads the mono PCM16 WAV files that peers record (baresip's sndfile dumps, the server's recordings) and
/// measures what a listener would: duration, loudness, and how strong a given frequency is (Goertzel).
/// </summary>
public sealed class WavAnalysis
{
    private WavAnalysis(short[] samples, int sampleRate, int channels)
    {
        Samples = samples;
        SampleRate = sampleRate;
        Channels = channels;
    }

    /// <summary>Samples of the first channel.</summary>
    public short[] Samples { get; }

    public int SampleRate { get; }

    public int Channels { get; }

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    /// <summary>Loads channel <paramref name="channel"/> of a PCM16 WAV (sizes of 0 or beyond the file are read to the end).</summary>
    public static WavAnalysis Load(string path, int channel = 0)
    {
        byte[] data = File.ReadAllBytes(path);
        if (data.Length < 12 || data[0] != 'R' || data[1] != 'I' || data[2] != 'F' || data[3] != 'F' || data[8] != 'W')
        {
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file");
        }

        int pos = 12;
        int channels = 1, rate = 8000, bits = 16;
        while (pos + 8 <= data.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(data, pos, 4);
            long size = BitConverter.ToUInt32(data, pos + 4);
            int body = pos + 8;
            if (id == "fmt ")
            {
                channels = BitConverter.ToInt16(data, body + 2);
                rate = BitConverter.ToInt32(data, body + 4);
                bits = BitConverter.ToInt16(data, body + 14);
            }
            else if (id == "data")
            {
                if (bits != 16)
                {
                    throw new InvalidDataException($"{path}: {bits}-bit samples, expected 16");
                }

                long available = data.Length - body;
                long length = size == 0 || size > available ? available : size;
                int frames = (int)(length / (2 * channels));
                var samples = new short[frames];
                for (int i = 0; i < frames; i++)
                {
                    samples[i] = BitConverter.ToInt16(data, body + (((i * channels) + channel) * 2));
                }

                return new WavAnalysis(samples, rate, channels);
            }

            pos = body + (int)size + (int)(size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }

    /// <summary>Root-mean-square level of the whole file, in sample units (0–32767).</summary>
    public double Rms(int start = 0, int count = -1)
    {
        if (count < 0)
        {
            count = Samples.Length - start;
        }

        double sum = 0;
        for (int i = start; i < start + count; i++)
        {
            sum += (double)Samples[i] * Samples[i];
        }

        return count == 0 ? 0 : Math.Sqrt(sum / count);
    }

    /// <summary>
    /// The share of the signal's energy at <paramref name="frequency"/> (0–1), over the loud part of the file:
    /// near 1 for a pure tone at that frequency, near 0 when it is absent.
    /// </summary>
    public double ToneShare(double frequency)
    {
        double total = 0;
        double tone = 0;
        const int Block = 400; // 50 ms blocks
        for (int start = 0; start + Block <= Samples.Length; start += Block)
        {
            double energy = 0;
            for (int i = start; i < start + Block; i++)
            {
                energy += (double)Samples[i] * Samples[i];
            }

            if (energy / Block < 100 * 100)
            {
                continue; // silence before answer or between talk spurts
            }

            total += energy;
            tone += Goertzel(start, Block, frequency);
        }

        return total == 0 ? 0 : Math.Min(1, tone / total);
    }

    /// <summary>Energy at <paramref name="frequency"/> in one block, scaled to compare with the block's total energy.</summary>
    private double Goertzel(int start, int length, double frequency)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / SampleRate);
        double s1 = 0, s2 = 0;
        for (int i = start; i < start + length; i++)
        {
            double s0 = Samples[i] + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        double power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return 2 * power / length;
    }
}
