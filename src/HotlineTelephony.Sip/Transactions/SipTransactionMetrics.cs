using System.Diagnostics.Metrics;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>Transaction counters on the "HotlineTelephony.Sip" meter, kept here so the state machines stay protocol-only.</summary>
internal sealed class SipTransactionMetrics : IDisposable
{
    public const string MeterName = "HotlineTelephony.Sip";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _created;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _retransmissions;
    private readonly Counter<long> _timeouts;

    public SipTransactionMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _created = _meter.CreateCounter<long>("sip.transactions.created", "{transaction}", "Transactions created, by kind.");
        _active = _meter.CreateUpDownCounter<long>("sip.transactions.active", "{transaction}", "Transactions not yet terminated.");
        _retransmissions = _meter.CreateCounter<long>("sip.transactions.retransmissions", "{message}", "Requests and responses retransmitted by timers or on a retransmitted request.");
        _timeouts = _meter.CreateCounter<long>("sip.transactions.timeouts", "{transaction}", "Transactions ended by Timer B, F or H.");
    }

    public Meter Meter => _meter;

    public void Created(string kind)
    {
        var tag = new KeyValuePair<string, object?>("sip.transaction.kind", kind);
        _created.Add(1, tag);
        _active.Add(1, tag);
    }

    public void Ended(string kind) => _active.Add(-1, new KeyValuePair<string, object?>("sip.transaction.kind", kind));

    public void Retransmitted(string kind) => _retransmissions.Add(1, new KeyValuePair<string, object?>("sip.transaction.kind", kind));

    public void TimedOut(string timer) => _timeouts.Add(1, new KeyValuePair<string, object?>("sip.timer", timer));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
