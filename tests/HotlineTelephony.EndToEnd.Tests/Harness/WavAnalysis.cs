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

    /// <summary>The samples from <paramref name="start"/> up to (not including) <paramref name="end"/>, clamped to the file.</summary>
    public WavAnalysis Slice(int start, int end)
    {
        start = Math.Clamp(start, 0, Samples.Length);
        end = Math.Clamp(end, start, Samples.Length);
        return new WavAnalysis(Samples[start..end], SampleRate, Channels);
    }

    /// <summary>RMS of each 20 ms frame: the loudness envelope.</summary>
    public double[] Envelope()
    {
        int frames = Samples.Length / 160;
        var envelope = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            envelope[f] = Rms(f * 160, 160);
        }

        return envelope;
    }

    /// <summary>
    /// Where <paramref name="expected"/> sounds in this recording: the frame offset where the two loudness envelopes
    /// correlate best, and that correlation (1 = the same shape). Robust to codec noise and small jitter-buffer slips.
    /// </summary>
    public (int OffsetFrames, double Correlation) Locate(WavAnalysis expected)
    {
        var haystack = Envelope();
        var needle = expected.Envelope();
        int best = -1;
        double bestCorrelation = double.MinValue;
        for (int offset = 0; offset + needle.Length <= haystack.Length; offset++)
        {
            double c = Pearson(haystack, offset, needle);
            if (c > bestCorrelation)
            {
                bestCorrelation = c;
                best = offset;
            }
        }

        return (best, bestCorrelation);
    }

    /// <summary>Frames from <paramref name="start"/> until the first run of <paramref name="quietFrames"/> silent frames.</summary>
    public int LoudSpanFrames(int start, int quietFrames = 30, double silence = 150)
    {
        var envelope = Envelope();
        while (start < envelope.Length && envelope[start] < silence)
        {
            start++;
        }

        int quiet = 0;
        int end = start;
        for (int f = start; f < envelope.Length; f++)
        {
            if (envelope[f] < silence)
            {
                if (++quiet >= quietFrames)
                {
                    break;
                }
            }
            else
            {
                quiet = 0;
                end = f + 1;
            }
        }

        return end - start;
    }

    private static double Pearson(double[] a, int offset, double[] b)
    {
        double meanA = 0, meanB = 0;
        for (int i = 0; i < b.Length; i++)
        {
            meanA += a[offset + i];
            meanB += b[i];
        }

        meanA /= b.Length;
        meanB /= b.Length;
        double cov = 0, varA = 0, varB = 0;
        for (int i = 0; i < b.Length; i++)
        {
            double da = a[offset + i] - meanA;
            double db = b[i] - meanB;
            cov += da * db;
            varA += da * da;
            varB += db * db;
        }

        return varA == 0 || varB == 0 ? 0 : cov / Math.Sqrt(varA * varB);
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
