using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using HotlineTelephony.Server.Tests.Web;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests;

/// <summary>/metrics scraped from the running host while a call goes through it: well-formed, named, and moving.</summary>
public sealed class MetricsEndpointTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public MetricsEndpointTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact]
    public async Task MetricsAreWellFormedPrometheusTextThatMovesWithACallToTheServiceNumber()
    {
        using var client = await WebClients.ClientAsync(_factory, "supervisor");

        // What the web layer's hub counter will look like: any HotlineTelephony* meter is exported without registration.
        var meters = _factory.Services.GetRequiredService<IMeterFactory>();
        meters.Create("HotlineTelephony.Web").CreateUpDownCounter<int>("hotline_hub_clients", "{connection}", "Connected SignalR clients.").Add(3);
        var before = await ScrapeAsync(client);
        Assert.Equal("gauge", before.Types["hotline_hub_clients"]);
        Assert.Equal(3, before.Value("hotline_hub_clients"));
        Assert.Equal("counter", before.Types["hotline_calls_total"]);
        Assert.Equal("gauge", before.Types["hotline_calls_active"]);
        Assert.Equal("gauge", before.Types["hotline_agents"]);
        Assert.Equal("gauge", before.Types["hotline_queue_waiting"]);
        Assert.Equal("histogram", before.Types["hotline_queue_wait"]);
        Assert.Equal("counter", before.Types["hotline_rtp_packets_lost_total"]);
        Assert.Equal("counter", before.Types["hotline_rtp_packets_received_total"]);
        Assert.Equal("counter", before.Types["sip_messages_received_total"]);
        Assert.Equal(0, before.Value("hotline_queue_waiting{queue=\"general\"}"));
        foreach (var state in new[] { "ready", "not_ready", "offered", "on_call", "wrap_up" })
        {
            Assert.Equal(0, before.Value($"hotline_agents{{state=\"{state}\"}}"));
        }

        // One agent signs in but stays not ready, so the caller waits in the queue and then gives up.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri("/api/agents/agent-01/login", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(new Uri("/api/agents/agent-01/not-ready", UriKind.Relative), new { reason = "meeting" })).StatusCode);
        using var caller = new SipTestCaller(_factory.SipPort, "13812345678");
        await caller.CallAsync("12345");
        var during = await WaitForAsync(client, m => m.Value("hotline_queue_waiting{queue=\"general\"}") == 1, "the caller waiting in queue general");
        await caller.HangUpAsync();
        // Waits for the INVITE, ACK and BYE to be counted too, rather than assume which figure a scrape sees first.
        double receivedBefore = before.ValueOr("sip_messages_received_total{transport=\"udp\"}", 0);
        var after = await WaitForAsync(
            client,
            m => m.ValueOr("hotline_queue_wait_count{outcome=\"abandoned\",queue=\"general\"}", 0) == 1 && m.Value("hotline_calls_active") == 0
                && m.ValueOr("sip_messages_received_total{transport=\"udp\"}", 0) >= receivedBefore + 3,
            "the abandoned wait counted, the call gone and its INVITE, ACK and BYE counted");

        Assert.Equal(before.Value("hotline_calls_total") + 1, during.Value("hotline_calls_total"));
        Assert.Equal(1, during.Value("hotline_calls_active"));
        Assert.Equal(1, during.Value("hotline_agents{state=\"not_ready\"}"));
        Assert.Equal(0, after.Value("hotline_queue_waiting{queue=\"general\"}"));
        Assert.Equal(1, after.Value("hotline_queue_wait_bucket{outcome=\"abandoned\",queue=\"general\",le=\"+Inf\"}"));
        Assert.True(after.Value("hotline_queue_wait_sum{outcome=\"abandoned\",queue=\"general\"}") >= 0);
        Assert.Equal(before.Value("hotline_calls_total") + 1, after.Value("hotline_calls_total"));
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<PrometheusText> WaitForAsync(HttpClient client, Func<PrometheusText, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var metrics = await ScrapeAsync(client);
            if (condition(metrics))
            {
                return metrics;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not seen on /metrics within 30 s: {what}");
            }

            await Task.Delay(100);
        }
    }
}
