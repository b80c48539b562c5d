using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Engine;

/// <summary>
/// A test port that produces a constant level or a sine and remembers what it hears. History is kept only when asked
/// for, so allocation tests can use it too.
/// </summary>
internal sealed class FakePort : IMediaPort
{
    private readonly short _level;
    private readonly double _step;
    private readonly short _amplitude;
    private readonly List<short>? _history;
    private double _phase;

    private FakePort(string name, short level, double frequency, short amplitude, bool keepHistory)
    {
        Name = name;
        _level = level;
        _step = 2 * Math.PI * frequency / MediaFormat.SampleRate;
        _amplitude = amplitude;
        _history = keepHistory ? [] : null;
    }

    public string Name { get; }

    public short[] LastHeard { get; } = new short[MediaFormat.FrameSamples];

    public int Reads { get; private set; }

    public int Writes { get; private set; }

    /// <summary>Everything heard, frame after frame (only when created with history).</summary>
    public IReadOnlyList<short> History => _history ?? throw new InvalidOperationException("No history kept.");

    public bool Silent { get; set; }

    public static FakePort Constant(string name, short level, bool keepHistory = false) => new(name, level, 0, 0, keepHistory);

    public static FakePort Sine(string name, double frequency, short amplitude = 8000) => new(name, 0, frequency, amplitude, false);

    public bool ReadFrame(Span<short> frame)
    {
        Reads++;
        if (Silent)
        {
            return false;
        }

        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = _step == 0 ? _level : (short)(Math.Sin(_phase) * _amplitude);
            _phase += _step;
        }

        return true;
    }

    public void WriteFrame(ReadOnlySpan<short> frame)
    {
        Writes++;
        frame.CopyTo(LastHeard);
        if (_history is not null)
        {
            foreach (short sample in frame)
            {
                _history.Add(sample);
            }
        }
    }
}
