using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Audio;

/// <summary>
/// Music on hold synthesised here rather than shipped as a recording, so the repository holds no third-party audio
/// and no licence question: an original, unhurried melody on the Chinese pentatonic scale (宫商角徵羽, C D E G A),
/// played by a soft struck-bell voice over a quieter bass, about 19 s long and looping seamlessly.
/// </summary>
/// <remarks>
/// The loop is rendered once per process (0.3 MB) and shared; each port only keeps its own position, so
/// <see cref="ReadFrame"/> is a copy with no synthesis on the media clock.
/// </remarks>
public sealed class MusicOnHold : IMediaPort
{
    /// <summary>Peak level: softer than prompts (−3 dBFS) so hold music never startles a waiting caller.</summary>
    public const double PeakLevelDbfs = -14;

    private const double BeatSeconds = 0.6;

    // (MIDI note, beats) per melody note; four eight-beat phrases, question-answer-rise-resolve.
    private static readonly (int Note, double Beats)[] s_melody =
    [
        (76, 1), (79, 0.5), (81, 0.5), (79, 1), (76, 1), (74, 1), (76, 0.5), (74, 0.5), (72, 2),
        (69, 1), (72, 0.5), (74, 0.5), (76, 1), (79, 1), (76, 1), (74, 0.5), (76, 0.5), (74, 2),
        (76, 1), (79, 0.5), (81, 0.5), (84, 1), (81, 1), (79, 1), (76, 0.5), (79, 0.5), (81, 2),
        (79, 1), (76, 0.5), (74, 0.5), (76, 1), (74, 0.5), (72, 0.5), (69, 1), (72, 1), (72, 2),
    ];

    // One bass note per two beats (C, A, F, G, ...), an octave or two down.
    private static readonly int[] s_bass = [48, 45, 53, 43, 48, 45, 53, 43, 48, 45, 53, 52, 48, 45, 43, 48];

    private static readonly Lazy<AudioClip> s_clip = new(Render);

    private int _position;

    public MusicOnHold(string name = "moh")
    {
        Name = name;
    }

    /// <summary>The rendered loop, shared by every port.</summary>
    public static AudioClip Clip => s_clip.Value;

    public string Name { get; }

    public bool ReadFrame(Span<short> frame)
    {
        ReadOnlySpan<short> loop = Clip.Samples.Span;
        int written = 0;
        while (written < frame.Length)
        {
            int run = Math.Min(frame.Length - written, loop.Length - _position);
            loop.Slice(_position, run).CopyTo(frame[written..]);
            written += run;
            _position += run;
            if (_position == loop.Length)
            {
                _position = 0;
            }
        }

        return true;
    }

    /// <summary>Music on hold hears nothing.</summary>
    public void WriteFrame(ReadOnlySpan<short> frame)
    {
    }

    private static AudioClip Render()
    {
        double totalBeats = 0;
        foreach ((_, double beats) in s_melody)
        {
            totalBeats += beats;
        }

        int length = (int)Math.Round(totalBeats * BeatSeconds * MediaFormat.SampleRate);
        var mix = new double[length];

        double at = 0;
        foreach ((int note, double beats) in s_melody)
        {
            AddNote(mix, at, note, amplitude: 1.0, decaySeconds: 0.55, ringSeconds: (beats * BeatSeconds) + 0.6);
            at += beats * BeatSeconds;
        }

        for (int i = 0; i < s_bass.Length; i++)
        {
            AddNote(mix, i * 2 * BeatSeconds, s_bass[i], amplitude: 0.45, decaySeconds: 0.9, ringSeconds: 2 * BeatSeconds + 0.4);
        }

        double peak = 0;
        foreach (double value in mix)
        {
            peak = Math.Max(peak, Math.Abs(value));
        }

        double scale = short.MaxValue * Math.Pow(10, PeakLevelDbfs / 20) / peak;
        var samples = new short[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = (short)Math.Round(mix[i] * scale);
        }

        return new AudioClip("music-on-hold", samples);
    }

    /// <summary>
    /// A struck-bell voice: fundamental plus softer second and third harmonics (so low bass notes are still heard
    /// through a telephone's 300 Hz high-pass), 8 ms attack, exponential decay and a 30 ms release. Tails past the
    /// end wrap to the start, which is what makes the loop seamless.
    /// </summary>
    private static void AddNote(double[] mix, double startSeconds, int midiNote, double amplitude, double decaySeconds, double ringSeconds)
    {
        double frequency = 440 * Math.Pow(2, (midiNote - 69) / 12.0);
        int start = (int)Math.Round(startSeconds * MediaFormat.SampleRate);
        int count = (int)(ringSeconds * MediaFormat.SampleRate);
        int attack = MediaFormat.SampleRate * 8 / 1000;
        int release = MediaFormat.SampleRate * 30 / 1000;
        double step = 2 * Math.PI * frequency / MediaFormat.SampleRate;
        for (int k = 0; k < count; k++)
        {
            double t = (double)k / MediaFormat.SampleRate;
            double envelope = Math.Exp(-t / decaySeconds);
            if (k < attack)
            {
                envelope *= (double)k / attack;
            }

            if (count - k < release)
            {
                envelope *= (double)(count - k) / release;
            }

            double phase = step * k;
            double tone = Math.Sin(phase) + (0.35 * Math.Sin(2 * phase)) + (0.12 * Math.Sin(3 * phase));
            mix[(start + k) % mix.Length] += amplitude * envelope * tone;
        }
    }
}
