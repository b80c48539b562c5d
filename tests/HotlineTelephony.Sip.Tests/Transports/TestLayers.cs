using System.Diagnostics.Metrics;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Transports;

internal static class TestLayers
{
    public static SipTransportLayer Start(RecordingSink sink, Action<SipTransportOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new SipTransportOptions
        {
            ListenAddress = "127.0.0.1",
            Port = 0,
            UdpReceiveLoops = 2,
            ReceiveBufferBytes = 0,
        };
        configure?.Invoke(options);
        var layer = new SipTransportLayer(options, timeProvider: time);
        layer.Start(sink);
        return layer;
    }

    /// <summary>Sums one counter of this layer's meter (other layers in parallel tests are ignored).</summary>
    public static MeterListener Count(SipTransportLayer layer, string instrument, Action<long, string?> onMeasurement)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter == layer.Meter && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? reason = null;
            foreach (var t in tags)
            {
                if (t.Key == "reason")
                {
                    reason = t.Value as string;
                }
            }

            onMeasurement(value, reason);
        });
        listener.Start();
        return listener;
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing after a few seconds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met within 5 s");
            await Task.Delay(10);
        }
    }
}
