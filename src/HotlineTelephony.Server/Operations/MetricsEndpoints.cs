namespace HotlineTelephony.Server.Operations;

internal static class MetricsEndpoints
{
    /// <summary>GET /metrics: the Prometheus text exposition of every HotlineTelephony* meter.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType))
            .ExcludeFromDescription();
}
