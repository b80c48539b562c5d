using System.Diagnostics.Metrics;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Counters of the records writers, on meter <see cref="MeterName"/>, tagged <c>store</c> = acd_events | call_records.
/// A non-zero <c>hotline.records.write_failures</c> means rows were given up after every retry (also logged).
/// </summary>
public sealed class RecordsInstruments : IDisposable
{
    public const string MeterName = "HotlineTelephony.Records";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly KeyValuePair<string, object?> _storeTag;

    internal RecordsInstruments(string store, IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _storeTag = new("store", store);
        Written = _meter.CreateCounter<long>("hotline.records.written", "{row}", "Rows (events or call records) persisted.");
        Retries = _meter.CreateCounter<long>("hotline.records.write_retries", "{attempt}", "Failed write attempts that were retried.");
        Failures = _meter.CreateCounter<long>("hotline.records.write_failures", "{row}", "Rows given up after every retry.");
    }

    public Meter Meter => _meter;

    internal Counter<long> Written { get; }

    internal Counter<long> Retries { get; }

    internal Counter<long> Failures { get; }

    internal void AddWritten(long rows) => Written.Add(rows, _storeTag);

    internal void AddRetry() => Retries.Add(1, _storeTag);

    internal void AddFailures(long rows) => Failures.Add(rows, _storeTag);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
