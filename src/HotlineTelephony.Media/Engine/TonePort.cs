namespace HotlineTelephony.Media.Engine;

/// <summary>
/// A one- or two-frequency tone with an optional on/off cadence (ringback is 450 Hz, 1 s on, 4 s off in China;
/// busy 450 Hz, 0.35 s on and off). Generated per frame with a running phase, so frames join without clicks.
/// </summary>
public sealed class TonePort : IMediaPort
{
    private readonly double _step1;
    private readonly double _step2;
    private readonly double _amplitude;
    private readonly long _onSamples;
    private readonly long _periodSamples;
    private double _phase1;
    private double _phase2;
    private long _sample;

    /// <param name="amplitude">Peak of each frequency; two frequencies sum, so keep 2 × amplitude below full scale.</param>
    /// <param name="on">Tone part of the cadence; null for a continuous tone.</param>
    /// <param name="off">Silent part of the cadence.</param>
    public TonePort(string name, double frequency1, double frequency2 = 0, short amplitude = 8000, TimeSpan? on = null, TimeSpan? off = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequency1);
        ArgumentOutOfRangeException.ThrowIfNegative(frequency2);
        Name = name;
        _step1 = 2 * Math.PI * frequency1 / MediaFormat.SampleRate;
        _step2 = 2 * Math.PI * frequency2 / MediaFormat.SampleRate;
        _amplitude = amplitude;
        _onSamples = on is { } o ? (long)(o.TotalSeconds * MediaFormat.SampleRate) : long.MaxValue;
        _periodSamples = _onSamples == long.MaxValue ? long.MaxValue : _onSamples + (long)((off ?? TimeSpan.Zero).TotalSeconds * MediaFormat.SampleRate);
    }

    public string Name { get; }

    public bool ReadFrame(Span<short> frame)
    {
        for (int i = 0; i < frame.Length; i++)
        {
            long inPeriod = _periodSamples == long.MaxValue ? 0 : _sample % _periodSamples;
            double value = 0;
            if (inPeriod < _onSamples)
            {
                value = Math.Sin(_phase1) + (_step2 == 0 ? 0 : Math.Sin(_phase2));
            }

            frame[i] = (short)(value * _amplitude);
            _phase1 += _step1;
            _phase2 += _step2;
            _sample++;
        }

        // Keep the phase small so precision does not decay over a long call.
        _phase1 %= 2 * Math.PI;
        _phase2 %= 2 * Math.PI;
        return true;
    }

    public void WriteFrame(ReadOnlySpan<short> frame)
    {
    }
}
