using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Audio;

/// <summary>
/// A whole sound decoded once into the engine's format (8 kHz mono linear PCM16), so players copy slices per tick
/// instead of decoding on the media clock. Prompts are small (seconds), so holding them in memory is the cheap choice.
/// </summary>
public sealed class AudioClip
{
    private readonly short[] _samples;

    public AudioClip(string name, short[] samples)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(samples);
        Name = name;
        _samples = samples;
    }

    /// <summary>Where the clip came from ("welcome", a file name): for logs and error messages.</summary>
    public string Name { get; }

    /// <summary>Linear samples at <see cref="MediaFormat.SampleRate"/>. Read-only because clips are shared by every call.</summary>
    public ReadOnlyMemory<short> Samples => _samples;

    public int SampleCount => _samples.Length;

    public TimeSpan Duration => TimeSpan.FromTicks(_samples.Length * TimeSpan.TicksPerSecond / MediaFormat.SampleRate);

    public override string ToString() => $"{Name} ({Duration.TotalMilliseconds:0} ms)";
}
