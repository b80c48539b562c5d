using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// In-band DTMF detection on 8 kHz PCM16 for legs that send tones in the audio (no telephone-event negotiated, or
/// a gateway that leaves them in). Feed it every 20 ms frame of the leg; it reports each key press once.
/// </summary>
/// <remarks>
/// <para>
/// Analysis windows are 160 samples (20 ms, 50 Hz resolution, enough to separate 697 from 770 Hz) hopped by 80
/// samples, so a decision is made every 10 ms. In each window the Goertzel energy at the 8 DTMF frequencies is
/// computed from precomputed coefficients; a window is a hit for a digit when the strongest row and column tone
/// are each above <see cref="MinimumToneLevelDbfs"/>, clearly stronger than the other tones of their group, within
/// twist limits (high group up to 8 dB above the low group, down to 4 dB below), together carry most of the
/// window's energy, and have weak second harmonics (voiced speech has strong ones; a DTMF generator does not).
/// </para>
/// <para>
/// Debouncing: a digit is reported when three consecutive windows agree (a tone present for 40 ms, whatever the
/// frame alignment), and the detector re-arms only after three consecutive windows without any hit (about 40 ms of
/// silence or speech), so a held key is one digit and "5, pause, 5" is two.
/// </para>
/// <para>Allocation-free after construction; one instance per leg; not thread-safe (media-tick thread only).</para>
/// </remarks>
public sealed class GoertzelDtmfDetector
{
    public const int WindowSamples = 160;
    public const int HopSamples = 80;

    /// <summary>
    /// Consecutive agreeing windows needed to report a digit: 4 windows at a 10 ms hop span 50 ms, so a 40 ms tone
    /// (3 full windows plus the half-filled ones at its edges) is reported and a 20 ms one (1 full, 2 half) is not.
    /// </summary>
    public const int HitsToReport = 4;

    /// <summary>How long after the start of a tone a digit is reported, at the earliest.</summary>
    public static readonly TimeSpan DetectionLatency =
        TimeSpan.FromMilliseconds((WindowSamples + ((HitsToReport - 1) * HopSamples)) * 1000 / MediaFormat.SampleRate);

    /// <summary>Consecutive windows without a hit needed before the next press can be reported.</summary>
    public const int MissesToRearm = 3;

    public const double MinimumToneLevelDbfs = -36;
    public const double MaxNormalTwistDb = 8;
    public const double MaxReverseTwistDb = 4;

    /// <summary>The strongest tone of a group must exceed every other tone of its group by this much.</summary>
    public const double RelativePeakDb = 6;

    /// <summary>The two tones must carry at least this share of the window's total energy.</summary>
    public const double MinimumToneShareOfTotal = 0.45;

    /// <summary>
    /// A tone's second harmonic must be at least this far below it. Not stricter because with 20 ms windows a
    /// column tone 8 dB above its row leaks to within about 10 dB of the row's harmonic bin (1336 Hz next to 1394,
    /// 1477 next to 1540, 1633 next to 1704); speech is mostly rejected by the share-of-total test anyway.
    /// </summary>
    public const double SecondHarmonicRejectionDb = 6;

    private static readonly float[] s_rowFrequencies = [697f, 770f, 852f, 941f];
    private static readonly float[] s_columnFrequencies = [1209f, 1336f, 1477f, 1633f];
    private const string Keypad = "123A456B789C*0#D";

    private static readonly float[] s_rowCoefficients = Coefficients(s_rowFrequencies, 1);
    private static readonly float[] s_columnCoefficients = Coefficients(s_columnFrequencies, 1);
    private static readonly float[] s_rowHarmonicCoefficients = Coefficients(s_rowFrequencies, 2);
    private static readonly float[] s_columnHarmonicCoefficients = Coefficients(s_columnFrequencies, 2);

    private static readonly float s_minimumTonePower = Power(MinimumToneLevelDbfs);
    private static readonly float s_normalTwist = Ratio(MaxNormalTwistDb);
    private static readonly float s_reverseTwist = Ratio(MaxReverseTwistDb);
    private static readonly float s_relativePeak = Ratio(RelativePeakDb);
    private static readonly float s_harmonicRejection = Ratio(SecondHarmonicRejectionDb);

    private readonly float[] _window = new float[WindowSamples];
    private readonly float[] _rowEnergy = new float[4];
    private readonly float[] _columnEnergy = new float[4];
    private int _fill;

    private char _candidate;
    private int _candidateHits;
    private int _misses = MissesToRearm;
    private bool _armed = true;

    /// <summary>
    /// Feeds up to one frame (at most <see cref="MediaFormat.FrameSamples"/> samples; any length up to that is
    /// accepted so odd packetisations work). Returns true, with the digit, when a key press was confirmed in it.
    /// </summary>
    public bool ProcessFrame(ReadOnlySpan<short> frame, out char digit)
    {
        if (frame.Length > MediaFormat.FrameSamples)
        {
            ThrowFrameTooLong();
        }

        digit = '\0';
        bool reported = false;
        for (int i = 0; i < frame.Length; i++)
        {
            _window[_fill++] = frame[i];
            if (_fill == WindowSamples)
            {
                char hit = Analyse();
                if (Debounce(hit))
                {
                    digit = hit;
                    reported = true;
                }

                Array.Copy(_window, HopSamples, _window, 0, WindowSamples - HopSamples);
                _fill = WindowSamples - HopSamples;
            }
        }

        return reported;
    }

    /// <summary>Forgets all audio and debouncing state (e.g. after the leg was re-INVITEd to another source).</summary>
    public void Reset()
    {
        _fill = 0;
        _candidate = '\0';
        _candidateHits = 0;
        _misses = MissesToRearm;
        _armed = true;
    }

    private bool Debounce(char hit)
    {
        if (hit == '\0')
        {
            _candidate = '\0';
            _candidateHits = 0;
            if (++_misses >= MissesToRearm)
            {
                _armed = true;
            }

            return false;
        }

        _misses = 0;
        if (hit == _candidate)
        {
            _candidateHits++;
        }
        else
        {
            _candidate = hit;
            _candidateHits = 1;
        }

        if (_armed && _candidateHits >= HitsToReport)
        {
            _armed = false;
            return true;
        }

        return false;
    }

    private char Analyse()
    {
        ReadOnlySpan<float> samples = _window;

        float total = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            total += samples[i] * samples[i];
        }

        // Mean power of the window; a sine of amplitude A has A²/2.
        total /= WindowSamples;
        if (total < s_minimumTonePower * 2)
        {
            return '\0';
        }

        for (int k = 0; k < 4; k++)
        {
            _rowEnergy[k] = TonePower(samples, s_rowCoefficients[k]);
            _columnEnergy[k] = TonePower(samples, s_columnCoefficients[k]);
        }

        int row = IndexOfPeak(_rowEnergy);
        int column = IndexOfPeak(_columnEnergy);
        float rowPower = _rowEnergy[row];
        float columnPower = _columnEnergy[column];

        if (rowPower < s_minimumTonePower || columnPower < s_minimumTonePower
            || columnPower > rowPower * s_normalTwist || rowPower > columnPower * s_reverseTwist
            || rowPower + columnPower < total * MinimumToneShareOfTotal
            || !StandsOut(_rowEnergy, row) || !StandsOut(_columnEnergy, column)
            || TonePower(samples, s_rowHarmonicCoefficients[row]) * s_harmonicRejection > rowPower
            || TonePower(samples, s_columnHarmonicCoefficients[column]) * s_harmonicRejection > columnPower)
        {
            return '\0';
        }

        return Keypad[(row * 4) + column];
    }

    private static bool StandsOut(float[] energies, int peak)
    {
        float limit = energies[peak];
        for (int k = 0; k < energies.Length; k++)
        {
            if (k != peak && energies[k] * s_relativePeak > limit)
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOfPeak(float[] energies)
    {
        int peak = 0;
        for (int k = 1; k < energies.Length; k++)
        {
            if (energies[k] > energies[peak])
            {
                peak = k;
            }
        }

        return peak;
    }

    /// <summary>Goertzel energy at one frequency, scaled to the mean power of a sine at that frequency.</summary>
    private static float TonePower(ReadOnlySpan<float> samples, float coefficient)
    {
        float s1 = 0;
        float s2 = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            float s0 = samples[i] + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        float energy = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return energy * 2f / (WindowSamples * (float)WindowSamples);
    }

    private static float[] Coefficients(float[] frequencies, int harmonic)
    {
        var coefficients = new float[frequencies.Length];
        for (int k = 0; k < frequencies.Length; k++)
        {
            coefficients[k] = (float)(2 * Math.Cos(2 * Math.PI * harmonic * frequencies[k] / MediaFormat.SampleRate));
        }

        return coefficients;
    }

    private static float Power(double dbfs)
    {
        double amplitude = 32768 * Math.Pow(10, dbfs / 20);
        return (float)(amplitude * amplitude / 2);
    }

    private static float Ratio(double db) => (float)Math.Pow(10, db / 10);

    private static void ThrowFrameTooLong() =>
        throw new ArgumentException($"A frame has at most {MediaFormat.FrameSamples} samples.", "frame");
}
