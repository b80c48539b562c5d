using System.Diagnostics.Metrics;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Metrics;

/// <summary>
/// Queue and agent figures on meter <see cref="MeterName"/>, computed by wrapping the event log: every appended event
/// goes through the same <see cref="MetricsFold"/> that defines the wallboard figures (docs/metrics.md), so the
/// exported agents by state and waiting callers agree with a recomputation from the log. Queue waits (enqueue to
/// answer or abandon) go into a histogram by queue and outcome.
/// </summary>
public sealed class AcdInstruments : IAcdEventLog, IDisposable
{
    public const string MeterName = "HotlineTelephony.CallCenter";

    private static readonly (AgentState State, string Label)[] AgentStates =
    [
        (AgentState.Ready, "ready"),
        (AgentState.NotReady, "not_ready"),
        (AgentState.Offered, "offered"),
        (AgentState.Talking, "on_call"),
        (AgentState.WrapUp, "wrap_up"),
    ];

    private readonly IAcdEventLog _inner;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Lock _lock = new();
    private readonly MetricsFold _fold;
    private readonly Dictionary<string, (string Queue, DateTimeOffset Since)> _waitingSince = new(StringComparer.Ordinal);
    private readonly Histogram<double> _queueWait;

    /// <param name="queues">The dialplan's queues, reported (with zeros) before their first caller.</param>
    public AcdInstruments(IAcdEventLog inner, TimeProvider time, IReadOnlyDictionary<string, QueueDefinition>? queues = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _fold = new MetricsFold(queues ?? new Dictionary<string, QueueDefinition>(StringComparer.Ordinal));
        _time = time;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("hotline.agents", ObserveAgents, "{agent}", "Logged-in agents by state.");
        _meter.CreateObservableGauge("hotline.queue.waiting", ObserveWaiting, "{call}", "Callers waiting, by queue.");
        _queueWait = _meter.CreateHistogram<double>(
            "hotline.queue.wait",
            "s",
            "Time from entering a queue to being answered or abandoning, by queue and outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600] });
    }

    public Meter Meter => _meter;

    public AcdEvent Append(AcdEvent evt)
    {
        AcdEvent stamped;
        (string Queue, double Seconds, string Outcome)? wait = null;
        lock (_lock)
        {
            // Stamped and folded under one lock, so the fold sees events in sequence order.
            stamped = _inner.Append(evt);
            _fold.Apply(stamped);
            if (stamped.CallId is { } callId)
            {
                switch (stamped.Kind)
                {
                    case AcdEventKind.CallEnqueued when stamped.QueueId is { } queue:
                        _waitingSince.TryAdd(callId, (queue, stamped.At));
                        break;
                    case AcdEventKind.OfferAnswered when _waitingSince.Remove(callId, out var since):
                        wait = (since.Queue, (stamped.At - since.Since).TotalSeconds, "answered");
                        break;
                    case AcdEventKind.CallAbandoned when _waitingSince.Remove(callId, out var since):
                        wait = (since.Queue, (stamped.At - since.Since).TotalSeconds, "abandoned");
                        break;
                    case AcdEventKind.CallEnded:
                        _waitingSince.Remove(callId);
                        break;
                }
            }
        }

        if (wait is { } w)
        {
            _queueWait.Record(Math.Max(0, w.Seconds), new KeyValuePair<string, object?>("queue", w.Queue), new KeyValuePair<string, object?>("outcome", w.Outcome));
        }

        return stamped;
    }

    public ValueTask<IReadOnlyList<AcdEvent>> ReadAsync(long afterSequence = 0, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(afterSequence, cancellationToken);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<int>> ObserveAgents()
    {
        AgentStateCounts counts;
        lock (_lock)
        {
            counts = _fold.Snapshot(_time.GetUtcNow()).Agents;
        }

        return AgentStates.Select(s => new Measurement<int>(counts.Get(s.State), new KeyValuePair<string, object?>("state", s.Label)));
    }

    private IEnumerable<Measurement<int>> ObserveWaiting()
    {
        MetricsSnapshot snapshot;
        lock (_lock)
        {
            snapshot = _fold.Snapshot(_time.GetUtcNow());
        }

        return snapshot.Queues.Select(q => new Measurement<int>(q.Value.Waiting, new KeyValuePair<string, object?>("queue", q.Key)));
    }
}
