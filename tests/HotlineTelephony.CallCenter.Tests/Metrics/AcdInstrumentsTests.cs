using System.Diagnostics.Metrics;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.CallCenter.Tests.Metrics;

public sealed class AcdInstrumentsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AppendedEventsMoveAgentsByStateWaitingCallersAndQueueWaits()
    {
        var log = new InMemoryAcdEventLog();
        using var instruments = new AcdInstruments(log, new FakeTimeProvider(T0));
        using var listener = new InstrumentsListener(instruments);

        instruments.Append(new AcdEvent(T0, AcdEventKind.AgentLoggedIn, AgentId: "a1"));
        instruments.Append(new AcdEvent(T0, AcdEventKind.AgentReady, AgentId: "a1"));
        instruments.Append(new AcdEvent(T0, AcdEventKind.AgentLoggedIn, AgentId: "a2"));
        instruments.Append(new AcdEvent(T0, AcdEventKind.AgentNotReady, AgentId: "a2", Detail: "lunch"));
        instruments.Append(new AcdEvent(T0, AcdEventKind.CallEnqueued, CallId: "c1", QueueId: "general"));
        instruments.Append(new AcdEvent(T0, AcdEventKind.CallEnqueued, CallId: "c2", QueueId: "general"));
        var waitingTwo = listener.Observe();
        instruments.Append(new AcdEvent(T0.AddSeconds(12), AcdEventKind.CallOffered, CallId: "c1", QueueId: "general", AgentId: "a1"));
        instruments.Append(new AcdEvent(T0.AddSeconds(14), AcdEventKind.OfferAnswered, CallId: "c1", QueueId: "general", AgentId: "a1"));
        instruments.Append(new AcdEvent(T0.AddSeconds(40), AcdEventKind.CallAbandoned, CallId: "c2", QueueId: "general"));
        var after = listener.Observe();

        Assert.Equal(2, waitingTwo[("hotline.queue.waiting", "queue=general")]);
        Assert.Equal(1, waitingTwo[("hotline.agents", "state=ready")]);
        Assert.Equal(1, waitingTwo[("hotline.agents", "state=not_ready")]);
        Assert.Equal(0, after[("hotline.queue.waiting", "queue=general")]);
        Assert.Equal(1, after[("hotline.agents", "state=on_call")]);
        Assert.Equal(0, after[("hotline.agents", "state=ready")]);
        Assert.Equal([("answered", 14d), ("abandoned", 40d)], listener.Waits.Select(w => (w.Outcome, w.Seconds)).ToList());
        Assert.Equal(9, log.Snapshot().Count);
    }

    /// <summary>Reads the instruments' meter the way an exporter does.</summary>
    private sealed class InstrumentsListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private Dictionary<(string, string), double> _observed = [];

        public InstrumentsListener(AcdInstruments instruments)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, instruments.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
                _observed[(instrument.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))] = value);
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            {
                var outcome = tags.ToArray().Single(t => t.Key == "outcome").Value as string;
                Waits.Add((outcome!, value));
            });
            _listener.Start();
        }

        public List<(string Outcome, double Seconds)> Waits { get; } = [];

        public Dictionary<(string, string), double> Observe()
        {
            _observed = [];
            _listener.RecordObservableInstruments();
            return _observed;
        }

        public void Dispose() => _listener.Dispose();
    }
}
