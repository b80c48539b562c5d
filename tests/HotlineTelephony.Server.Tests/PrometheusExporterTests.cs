using System.Diagnostics.Metrics;
using HotlineTelephony.Server.Operations;

namespace HotlineTelephony.Server.Tests;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void TheRuntimesGcAndThreadPoolFiguresAreExportedBesideOurs()
    {
        // GC pauses and the thread-pool queue are what an operator checks first when calls slow down under load.
        using var exporter = new PrometheusExporter(null);
        GC.Collect();

        var parsed = PrometheusText.Parse(exporter.Scrape());

        Assert.True(parsed.Value("dotnet_gc_pause_time_total") >= 0);
        Assert.True(parsed.Value("dotnet_gc_collections_total{gc_heap_generation=\"gen2\"}") >= 1);
        Assert.Contains(parsed.Types.Keys, name => name.StartsWith("dotnet_thread_pool_", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryInstrumentKindOfAHotlineMeterIsRenderedWithItsAggregation()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var exporter = new PrometheusExporter(null);
        using var meter = new Meter("HotlineTelephony.ExporterTest." + suffix);
        var counter = meter.CreateCounter<long>($"t{suffix}.requests", "{request}", "Requests \"served\"\\ok");
        var upDown = meter.CreateUpDownCounter<int>($"t{suffix}.clients");
        var histogram = meter.CreateHistogram<double>($"t{suffix}.wait", "s", "Waits", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5] });
        var gauge = meter.CreateGauge<double>($"t{suffix}.level");
        var observed = 7;
        meter.CreateObservableGauge($"t{suffix}.queue", () => new Measurement<int>(observed, new KeyValuePair<string, object?>("queue", "gen\"eral")));

        counter.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(1, new KeyValuePair<string, object?>("kind", "b"));
        upDown.Add(5);
        upDown.Add(-2);
        histogram.Record(0.5);
        histogram.Record(1);
        histogram.Record(7);
        gauge.Record(1.5);
        gauge.Record(0.25);
        var text = exporter.Scrape();
        observed = 9;
        var second = PrometheusText.Parse(exporter.Scrape());

        var parsed = PrometheusText.Parse(text);
        var p = $"t{suffix}_";
        Assert.Equal("counter", parsed.Types[p + "requests_total"]);
        Assert.Equal(5, parsed.Value(p + "requests_total{kind=\"a\"}"));
        Assert.Equal(1, parsed.Value(p + "requests_total{kind=\"b\"}"));
        Assert.Contains($"# HELP {p}requests_total Requests \"served\"\\\\ok ({{request}})\n", text, StringComparison.Ordinal);
        Assert.Equal("gauge", parsed.Types[p + "clients"]);
        Assert.Equal(3, parsed.Value(p + "clients"));
        Assert.Equal("histogram", parsed.Types[p + "wait"]);
        Assert.Equal(2, parsed.Value(p + "wait_bucket{le=\"1\"}"));
        Assert.Equal(2, parsed.Value(p + "wait_bucket{le=\"5\"}"));
        Assert.Equal(3, parsed.Value(p + "wait_bucket{le=\"+Inf\"}"));
        Assert.Equal(8.5, parsed.Value(p + "wait_sum"));
        Assert.Equal(3, parsed.Value(p + "wait_count"));
        Assert.Equal(0.25, parsed.Value(p + "level"));
        Assert.Equal(7, parsed.Value(p + "queue{queue=\"gen\\\"eral\"}"));
        Assert.Equal(9, second.Value(p + "queue{queue=\"gen\\\"eral\"}"));
    }

    [Fact]
    public void MetersOutsideTheHotlinePrefixOrOfAnotherHostAreLeftOut()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var exporter = new PrometheusExporter(null);
        using var other = new Meter("Other.Library." + suffix);
        using var otherHost = new Meter(new MeterOptions("HotlineTelephony.OtherHost." + suffix) { Scope = new object() });
        other.CreateCounter<long>($"x{suffix}.c").Add(1);
        otherHost.CreateCounter<long>($"y{suffix}.c").Add(1);

        var parsed = PrometheusText.Parse(exporter.Scrape());

        Assert.DoesNotContain(parsed.Samples.Keys, k => k.Contains(suffix, StringComparison.Ordinal));
    }
}
