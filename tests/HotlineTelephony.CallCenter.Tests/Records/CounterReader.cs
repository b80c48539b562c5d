using System.Diagnostics.Metrics;

namespace HotlineTelephony.CallCenter.Tests.Records;

/// <summary>Sums one counter of one meter instance (so parallel tests do not see each other's measurements).</summary>
internal sealed class CounterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterReader(Meter meter, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
