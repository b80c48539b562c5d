using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace HotlineTelephony.Server.Operations;

/// <summary>
/// Renders every instrument of the meters named HotlineTelephony* in the Prometheus text exposition format 0.0.4, so
/// any layer adds a counter or gauge by creating it on such a meter (prometheus-net is not installable here). Meters
/// made by another host's <see cref="IMeterFactory"/> (tests run several hosts in one process) are left out.
/// Measurements are folded as they arrive: counters and up-down counters add, gauges keep the last value, histograms
/// count into buckets (the instrument's advised boundaries, else <see cref="DefaultBuckets"/>). Observable
/// instruments are read at scrape time. Recording takes a short lock per instrument and allocates only for a new
/// label set, because SIP counters are recorded on the receive path.
/// Names: dots and other characters become '_'; counters get "_total"; up-down counters are gauges.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    public const string MeterPrefix = "HotlineTelephony";

    /// <summary>The .NET runtime's built-in meter, exported beside ours (dotnet_gc_pause_time, dotnet_thread_pool_…).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600];

    private readonly MeterListener _listener = new();
    private readonly IMeterFactory? _scope;
    private readonly Lock _instrumentsLock = new();
    private readonly List<InstrumentState> _instruments = [];
    private readonly Lock _scrapeLock = new();

    public PrometheusExporter(IMeterFactory? scope)
    {
        _scope = scope;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var meter = instrument.Meter;
            // The runtime's own meter (GC pauses, heap, thread pool queue and threads) is process-wide and has no scope.
            bool runtime = meter.Name == RuntimeMeterName;
            if (!runtime && (!meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal) || (meter.Scope is not null && !ReferenceEquals(meter.Scope, _scope))))
            {
                return;
            }

            var state = new InstrumentState(instrument);
            lock (_instrumentsLock)
            {
                _instruments.Add(state);
            }

            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.MeasurementsCompleted = (instrument, state) =>
        {
            lock (_instrumentsLock)
            {
                _instruments.Remove((InstrumentState)state!);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments and renders everything.</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            InstrumentState[] instruments;
            lock (_instrumentsLock)
            {
                instruments = [.. _instruments];
            }

            foreach (var state in instruments)
            {
                state.BeginObservation();
            }

            _listener.RecordObservableInstruments();

            // Instruments of the same name (one meter per host component, several components) share one family.
            var text = new StringBuilder(4096);
            foreach (var family in instruments.GroupBy(s => s.MetricName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = family.First();
                text.Append("# HELP ").Append(family.Key).Append(' ').Append(EscapeHelp(first.Help)).Append('\n');
                text.Append("# TYPE ").Append(family.Key).Append(' ').Append(first.TypeName).Append('\n');
                var merged = new SortedDictionary<string, SeriesValue>(StringComparer.Ordinal);
                foreach (var state in family)
                {
                    state.CopyTo(merged);
                }

                foreach (var (labels, value) in merged)
                {
                    value.Render(text, family.Key, labels);
                }
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    internal static string MetricName(Instrument instrument)
    {
        var name = Sanitize(instrument.Name);
        return IsCounter(instrument) && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    internal static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or ':' ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    internal static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsCounter(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Counter<>) || type.GetGenericTypeDefinition() == typeof(ObservableCounter<>));
    }

    private static string EscapeHelp(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabel(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>{a="x",b="y"} with names sorted, or "" without tags.</summary>
    private static string LabelText(KeyValuePair<string, object?>[] tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var builder = new StringBuilder("{");
        foreach (var tag in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            builder.Append(Sanitize(tag.Key)).Append("=\"").Append(EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        return builder.Append('}').ToString();
    }

    private enum Aggregation
    {
        Sum,
        LastValue,
        Histogram,
    }

    /// <summary>What one instrument has recorded, by label set.</summary>
    private sealed class InstrumentState
    {
        private readonly Lock _lock = new();
        private readonly Aggregation _aggregation;
        private readonly bool _observable;
        private readonly double[] _buckets;
        private readonly List<Series> _series = [];

        public InstrumentState(Instrument instrument)
        {
            MetricName = PrometheusExporter.MetricName(instrument);
            Help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
            if (!string.IsNullOrEmpty(instrument.Unit))
            {
                Help += $" ({instrument.Unit})";
            }

            _observable = instrument.IsObservable;
            var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            if (definition == typeof(Histogram<>))
            {
                _aggregation = Aggregation.Histogram;
                TypeName = "histogram";
            }
            else if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
            {
                // An observable counter reports its running total: keep the last value.
                _aggregation = _observable ? Aggregation.LastValue : Aggregation.Sum;
                TypeName = "counter";
            }
            else if (definition == typeof(UpDownCounter<>))
            {
                _aggregation = Aggregation.Sum;
                TypeName = "gauge";
            }
            else
            {
                // Gauge<T>, ObservableGauge<T>, ObservableUpDownCounter<T> (reports its current value).
                _aggregation = Aggregation.LastValue;
                TypeName = "gauge";
            }

            _buckets = _aggregation == Aggregation.Histogram ? AdvisedBuckets(instrument) ?? DefaultBuckets : [];
        }

        public string MetricName { get; }

        public string Help { get; }

        public string TypeName { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_lock)
            {
                var series = FindOrAdd(tags);
                switch (_aggregation)
                {
                    case Aggregation.Sum:
                        series.Value += value;
                        break;
                    case Aggregation.LastValue:
                        series.Value = value;
                        break;
                    default:
                        series.Count++;
                        series.Value += value;
                        var bucket = Array.BinarySearch(_buckets, value);
                        series.BucketCounts![bucket < 0 ? ~bucket : bucket]++;
                        break;
                }

                series.Seen = true;
            }
        }

        /// <summary>Observable instruments report every series each time: forget what is no longer reported.</summary>
        public void BeginObservation()
        {
            if (!_observable)
            {
                return;
            }

            lock (_lock)
            {
                foreach (var series in _series)
                {
                    series.Seen = false;
                }
            }
        }

        public void CopyTo(SortedDictionary<string, SeriesValue> merged)
        {
            lock (_lock)
            {
                foreach (var series in _series)
                {
                    if (!series.Seen)
                    {
                        continue;
                    }

                    series.Labels ??= LabelText(series.Tags);
                    var value = new SeriesValue(series.Value, series.Count, _buckets, series.BucketCounts is null ? null : [.. series.BucketCounts]);
                    merged[series.Labels] = merged.TryGetValue(series.Labels, out var existing) ? existing.Add(value) : value;
                }
            }
        }

        private Series FindOrAdd(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var series in _series)
            {
                if (series.Matches(tags))
                {
                    return series;
                }
            }

            var added = new Series(tags.ToArray(), _aggregation == Aggregation.Histogram ? new long[_buckets.Length + 1] : null);
            _series.Add(added);
            return added;
        }

        private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
    }

    private sealed class Series(KeyValuePair<string, object?>[] tags, long[]? bucketCounts)
    {
        public KeyValuePair<string, object?>[] Tags { get; } = tags;

        public long[]? BucketCounts { get; } = bucketCounts;

        public string? Labels { get; set; }

        public double Value { get; set; }

        public long Count { get; set; }

        public bool Seen { get; set; }

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != Tags.Length)
            {
                return false;
            }

            foreach (var tag in tags)
            {
                var found = false;
                foreach (var mine in Tags)
                {
                    if (string.Equals(mine.Key, tag.Key, StringComparison.Ordinal) && Equals(mine.Value, tag.Value))
                    {
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed record SeriesValue(double Value, long Count, double[] Buckets, long[]? BucketCounts)
    {
        public SeriesValue Add(SeriesValue other) => new(
            Value + other.Value,
            Count + other.Count,
            Buckets,
            BucketCounts is null || other.BucketCounts is null || BucketCounts.Length != other.BucketCounts.Length
                ? BucketCounts
                : BucketCounts.Zip(other.BucketCounts, (a, b) => a + b).ToArray());

        public void Render(StringBuilder text, string name, string labels)
        {
            if (BucketCounts is null)
            {
                text.Append(name).Append(labels).Append(' ').Append(FormatValue(Value)).Append('\n');
                return;
            }

            // Buckets are cumulative; "le" joins the instrument's own labels.
            long cumulative = 0;
            var prefix = labels.Length == 0 ? "{" : labels[..^1] + ",";
            for (var i = 0; i <= Buckets.Length; i++)
            {
                cumulative += BucketCounts[i];
                var le = i < Buckets.Length ? FormatValue(Buckets[i]) : "+Inf";
                text.Append(name).Append("_bucket").Append(prefix).Append("le=\"").Append(le).Append("\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            text.Append(name).Append("_sum").Append(labels).Append(' ').Append(FormatValue(Value)).Append('\n');
            text.Append(name).Append("_count").Append(labels).Append(' ').Append(Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
