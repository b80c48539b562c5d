using System.Diagnostics.Metrics;
using HotlineTelephony.Media.Rtp;
using HotlineTelephony.Server.CallCenter;

namespace HotlineTelephony.Server.Operations;

/// <summary>
/// Call and media figures on meter <see cref="MeterName"/>: hotline calls since start and now (calls per second is
/// <c>rate(hotline_calls_total[1m])</c>), and RTP packets received and lost per media leg, added from the media
/// layer's receive statistics when a call's media closes.
/// </summary>
internal sealed class CallInstruments
{
    public const string MeterName = "HotlineTelephony.Calls";

    private readonly Counter<long> _received;
    private readonly Counter<long> _lost;
    private readonly Histogram<double> _jitter;

    public CallInstruments(HotlineCallRegistry calls, IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("hotline.calls", () => calls.TotalAdded, "{call}", "Calls to the service numbers since start (rate() gives calls per second).");
        meter.CreateObservableUpDownCounter("hotline.calls.active", () => calls.Count, "{call}", "Service-number calls in progress.");
        _received = meter.CreateCounter<long>("hotline.rtp.packets_received", "{packet}", "RTP packets received on closed media legs.");
        _lost = meter.CreateCounter<long>("hotline.rtp.packets_lost", "{packet}", "RTP packets lost (expected − received, RFC 3550) on closed media legs.");
        _jitter = meter.CreateHistogram<double>(
            "hotline.rtp.jitter",
            "ms",
            "Interarrival jitter of each closed media leg (RFC 3550 A.8).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 50, 100, 200] });
    }

    /// <summary>One closed leg's receive statistics.</summary>
    public void RecordLeg(RtpStatisticsSnapshot received)
    {
        _received.Add(received.Packets);
        _lost.Add(received.Lost);
        if (received.Packets > 0)
        {
            _jitter.Record(received.JitterMilliseconds);
        }
    }
}
