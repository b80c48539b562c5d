using System.Diagnostics.Metrics;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// Counters of the "HotlineTelephony.Sip" meter. Tags are constant strings so adding a measurement allocates nothing.
/// </summary>
internal sealed class SipTransportMetrics : IDisposable
{
    public const string MeterName = "HotlineTelephony.Sip";

    // Values of the "reason" tag on sip.messages.dropped.
    public const string DropUnparsable = "unparsable";
    public const string DropInvalidResponse = "invalid-response";
    public const string DropTooLarge = "too-large";
    public const string DropForeignVia = "foreign-via";
    public const string DropSinkFailed = "sink-failed";
    public const string DropFraming = "framing";

    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _parseErrors;
    private readonly bool _ownsMeter;

    public SipTransportMetrics(IMeterFactory? meterFactory)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _ownsMeter = meterFactory is null;
        _received = Meter.CreateCounter<long>("sip.messages.received", "{message}", "SIP messages and keep-alive-free frames read from the network.");
        _sent = Meter.CreateCounter<long>("sip.messages.sent", "{message}", "SIP messages written to the network.");
        _dropped = Meter.CreateCounter<long>("sip.messages.dropped", "{message}", "Received messages discarded without reaching the transaction layer.");
        _parseErrors = Meter.CreateCounter<long>("sip.parse_errors", "{message}", "Received messages that failed to parse or validate.");
    }

    public Meter Meter { get; }

    public void Received(string transport) => _received.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void Sent(string transport) => _sent.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ParseError() => _parseErrors.Add(1);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
