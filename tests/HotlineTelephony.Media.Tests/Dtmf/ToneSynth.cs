namespace HotlineTelephony.Media.Tests.Dtmf;

/// <summary>Builds 8 kHz PCM16 test signals: DTMF pairs, single tones, harmonic "voices", noise and gaps.</summary>
internal sealed class ToneSynth
{
    private const double SampleRate = 8000;

    private readonly List<short> _samples = [];
    private readonly Random _random;
    private readonly double _noiseAmplitude;
    private double _phase;

    public ToneSynth(double noiseDbfs = -50, int seed = 1)
    {
        _random = new Random(seed);
        _noiseAmplitude = Amplitude(noiseDbfs);
    }

    public static readonly IReadOnlyDictionary<char, (double Row, double Column)> Pairs = new Dictionary<char, (double, double)>
    {
        ['1'] = (697, 1209), ['2'] = (697, 1336), ['3'] = (697, 1477), ['A'] = (697, 1633),
        ['4'] = (770, 1209), ['5'] = (770, 1336), ['6'] = (770, 1477), ['B'] = (770, 1633),
        ['7'] = (852, 1209), ['8'] = (852, 1336), ['9'] = (852, 1477), ['C'] = (852, 1633),
        ['*'] = (941, 1209), ['0'] = (941, 1336), ['#'] = (941, 1477), ['D'] = (941, 1633),
    };

    public int Count => _samples.Count;

    public static double Amplitude(double dbfs) => 32767 * Math.Pow(10, dbfs / 20);

    public ToneSynth Digit(char digit, int milliseconds, double rowDbfs = -10, double columnDbfs = -10)
    {
        (double row, double column) = Pairs[digit];
        return Tones(milliseconds, (row, rowDbfs), (column, columnDbfs));
    }

    public ToneSynth Tones(int milliseconds, params (double Hz, double Dbfs)[] tones)
    {
        int count = milliseconds * 8;
        for (int n = 0; n < count; n++)
        {
            double t = (_phase + n) / SampleRate;
            double value = Noise();
            foreach ((double hz, double dbfs) in tones)
            {
                value += Amplitude(dbfs) * Math.Sin((2 * Math.PI * hz * t) + hz);
            }

            _samples.Add((short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue));
        }

        _phase += count;
        return this;
    }

    public ToneSynth Silence(int milliseconds) => Tones(milliseconds);

    public short[] ToArray() => [.. _samples];

    private double Noise() => _noiseAmplitude * ((_random.NextDouble() * 2) - 1) * Math.Sqrt(3);
}
