namespace HotlineTelephony.Media.Tests.Engine;

/// <summary>Amplitude of one frequency in a block of samples (Goertzel), for telling mixed tones apart.</summary>
internal static class Goertzel
{
    public static double Amplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate = 8000)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        foreach (short sample in samples)
        {
            double current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        double power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return 2 * Math.Sqrt(Math.Max(power, 0)) / samples.Length;
    }
}
