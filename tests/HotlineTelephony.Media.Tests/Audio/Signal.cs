namespace HotlineTelephony.Media.Tests.Audio;

/// <summary>Measurements the audio tests make on generated or decoded samples.</summary>
internal static class Signal
{
    /// <summary>Goertzel power at one frequency, normalised so a full-scale sine there measures about 1.</summary>
    public static double Goertzel(ReadOnlySpan<short> samples, double frequencyHz, int sampleRate = 8000)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequencyHz / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        foreach (short sample in samples)
        {
            double current = (sample / 32768.0) + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        double power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return power / (samples.Length * samples.Length / 4.0);
    }

    public static int RisingZeroCrossings(ReadOnlySpan<short> samples)
    {
        int crossings = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            if (samples[i - 1] < 0 && samples[i] >= 0)
            {
                crossings++;
            }
        }

        return crossings;
    }

    public static double RmsDbfs(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (short sample in samples)
        {
            sum += (double)sample * sample;
        }

        double rms = Math.Sqrt(sum / Math.Max(1, samples.Length));
        return 20 * Math.Log10(Math.Max(rms, 1e-9) / 32767);
    }

    public static int Peak(ReadOnlySpan<short> samples)
    {
        int peak = 0;
        foreach (short sample in samples)
        {
            peak = Math.Max(peak, Math.Abs((int)sample));
        }

        return peak;
    }
}
