using System.Diagnostics.Metrics;
using HotlineTelephony.Server.Web.Hubs;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>hotline_hub_clients (meter HotlineTelephony.Web) follows connections and disconnections, by hub.</summary>
public sealed class HubClientsGaugeTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public HubClientsGaugeTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact(Timeout = 60_000)]
    public async Task EachConnectionAddsOneAndEachDisconnectionTakesItAwayTaggedWithTheHub()
    {
        var changes = new System.Collections.Concurrent.ConcurrentQueue<(long Delta, string? Hub)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WebInstruments.MeterName && instrument.Name == "hotline_hub_clients")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? hub = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "hub")
                {
                    hub = tag.Value as string;
                }
            }

            changes.Enqueue((value, hub));
        });
        listener.Start();

        var dispatcher = WebClients.Hub(_factory, "/hubs/dispatcher", await WebClients.TokenAsync(_factory, "dispatcher"));
        await dispatcher.StartAsync();
        await WaitAsync(() => changes.Contains((1, "dispatcher")));
        await dispatcher.DisposeAsync();
        await WaitAsync(() => changes.Contains((-1, "dispatcher")));
        Assert.Equal(0, changes.Where(c => c.Hub == "dispatcher").Sum(c => c.Delta));
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the gauge did not change");
            await Task.Delay(20);
        }
    }
}
