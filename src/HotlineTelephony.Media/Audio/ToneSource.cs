using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Audio;

/// <summary>
/// A media port that plays a <see cref="ToneCadence"/> sample-accurately (busy's 350 ms is 17.5 frames, so on/off
/// edges fall inside frames). Each burst starts at phase 0 and is ramped in and out over 2 ms so the gating does
/// not click; a continuous tone runs without ramps or phase resets.
/// </summary>
public sealed class ToneSource : IMediaPort
{
    /// <summary>2 ms at 8 kHz: long enough to remove the click, short enough not to change the cadence.</summary>
    private const int RampSamples = 16;

    private readonly ToneGenerator _generator;
    private readonly int _onSamples;
    private readonly int _cycleSamples;
    private int _position;
    private bool _finished;

    public ToneSource(ToneCadence cadence, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        if (cadence.OnMilliseconds <= 0 || cadence.OffMilliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "on time must be positive and off time not negative");
        }

        Cadence = cadence;
        Name = name ?? cadence.Name;
        _generator = new ToneGenerator(cadence.FrequencyHz, cadence.LevelDbfs);
        _onSamples = cadence.OnMilliseconds * MediaFormat.SampleRate / 1000;
        _cycleSamples = _onSamples + (cadence.OffMilliseconds * MediaFormat.SampleRate / 1000);
    }

    public string Name { get; }

    public ToneCadence Cadence { get; }

    /// <summary>True once a non-repeating cadence (a beep) has played its burst.</summary>
    public bool IsFinished => _finished;

    /// <summary>Fills the frame; returns false when the whole frame is silence (an off period, or finished).</summary>
    public bool ReadFrame(Span<short> frame)
    {
        if (_finished)
        {
            frame.Clear();
            return false;
        }

        if (Cadence.IsContinuous)
        {
            _generator.Generate(frame);
            return true;
        }

        bool sounded = false;
        int i = 0;
        while (i < frame.Length)
        {
            int remaining = frame.Length - i;
            if (_position < _onSamples)
            {
                int run = Math.Min(_onSamples - _position, remaining);
                if (_position == 0)
                {
                    _generator.Reset();
                }

                Span<short> burst = frame.Slice(i, run);
                _generator.Generate(burst);
                Ramp(burst, _position);
                sounded = true;
                _position += run;
                i += run;
                continue;
            }

            if (!Cadence.Repeats)
            {
                frame[i..].Clear();
                _finished = true;
                return sounded;
            }

            int silent = Math.Min(_cycleSamples - _position, remaining);
            frame.Slice(i, silent).Clear();
            _position += silent;
            i += silent;
            if (_position >= _cycleSamples)
            {
                _position = 0;
            }
        }

        if (!Cadence.Repeats && _position >= _onSamples)
        {
            _finished = true;
        }

        return sounded;
    }

    /// <summary>A tone source hears nothing.</summary>
    public void WriteFrame(ReadOnlySpan<short> frame)
    {
    }

    /// <summary>Starts the cadence again from the beginning of a burst.</summary>
    public void Restart()
    {
        _position = 0;
        _finished = false;
        _generator.Reset();
    }

    private void Ramp(Span<short> burst, int start)
    {
        for (int k = 0; k < burst.Length && start + k < RampSamples; k++)
        {
            burst[k] = (short)(burst[k] * (start + k) / RampSamples);
        }

        for (int k = Math.Max(0, _onSamples - RampSamples - start); k < burst.Length; k++)
        {
            burst[k] = (short)(burst[k] * (_onSamples - (start + k)) / RampSamples);
        }
    }
}
