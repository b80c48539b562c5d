using System.Diagnostics.Metrics;

namespace HotlineTelephony.Tickets;

/// <summary>Ticket counters on meter <see cref="MeterName"/> (exported on /metrics like every HotlineTelephony* meter).</summary>
public sealed class TicketsInstruments : IDisposable
{
    public const string MeterName = "HotlineTelephony.Tickets";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public TicketsInstruments(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Created = _meter.CreateCounter<long>("hotline.tickets.created", "{ticket}", "Tickets created (tag category).");
        Published = _meter.CreateCounter<long>("hotline.tickets.events_published", "{event}", "Outbox events handed to the publisher.");
        PublishFailures = _meter.CreateCounter<long>("hotline.tickets.publish_failures", "{attempt}", "Publish or mark attempts that failed and will be retried.");
        WriteRetries = _meter.CreateCounter<long>("hotline.tickets.write_retries", "{attempt}", "Ticket transactions retried after a database error.");
    }

    internal Counter<long> Created { get; }

    internal Counter<long> Published { get; }

    internal Counter<long> PublishFailures { get; }

    internal Counter<long> WriteRetries { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
