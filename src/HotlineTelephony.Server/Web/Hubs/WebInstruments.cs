using System.Diagnostics.Metrics;

namespace HotlineTelephony.Server.Web.Hubs;

/// <summary>Meter "HotlineTelephony.Web": connected hub clients by hub (UpDownCounter hotline_hub_clients, tag hub).</summary>
internal sealed class WebInstruments : IDisposable
{
    public const string MeterName = "HotlineTelephony.Web";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _hubClients;

    public WebInstruments(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _hubClients = _meter.CreateUpDownCounter<long>("hotline_hub_clients", unit: "{client}", description: "SignalR clients connected, by hub");
    }

    public void HubClientConnected(string hub) => _hubClients.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void HubClientDisconnected(string hub) => _hubClients.Add(-1, new KeyValuePair<string, object?>("hub", hub));

    public void Dispose() => _meter.Dispose();
}
