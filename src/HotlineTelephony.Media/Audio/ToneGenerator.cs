using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Audio;

/// <summary>
/// A sine oscillator that keeps its phase between calls, so consecutive 20 ms frames join without a click.
/// </summary>
public sealed class ToneGenerator
{
    private readonly double _phaseStep;
    private readonly double _amplitude;
    private double _phase;

    /// <param name="frequencyHz">Above 0 and below half the sample rate.</param>
    /// <param name="levelDbfs">Peak level relative to full scale (0 dBFS = ±32767); at most 0.</param>
    public ToneGenerator(double frequencyHz, double levelDbfs, int sampleRate = MediaFormat.SampleRate)
    {
        if (sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "must be positive");
        }

        if (!(frequencyHz > 0 && frequencyHz < sampleRate / 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, $"must be between 0 and {sampleRate / 2} Hz");
        }

        if (!(levelDbfs <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(levelDbfs), levelDbfs, "must be 0 dBFS or below");
        }

        FrequencyHz = frequencyHz;
        LevelDbfs = levelDbfs;
        _phaseStep = 2 * Math.PI * frequencyHz / sampleRate;
        _amplitude = short.MaxValue * Math.Pow(10, levelDbfs / 20);
    }

    public double FrequencyHz { get; }

    public double LevelDbfs { get; }

    /// <summary>Overwrites <paramref name="destination"/> with the next samples of the tone.</summary>
    public void Generate(Span<short> destination)
    {
        double phase = _phase;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (short)Math.Round(_amplitude * Math.Sin(phase));
            phase += _phaseStep;
        }

        // Wrapping keeps the argument small, so hours of tone lose no precision.
        _phase = Math.IEEERemainder(phase, 2 * Math.PI);
    }

    /// <summary>Restarts at phase 0 (a rising zero crossing), so a new burst starts without a click.</summary>
    public void Reset() => _phase = 0;
}
