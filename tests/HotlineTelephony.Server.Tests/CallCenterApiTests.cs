using System.Net;
using System.Text.Json;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.VoiceMessages;
using HotlineTelephony.Server.Tests.Web;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests;

/// <summary>The call-centre API over the real host: metrics windows from the event log, voice messages from their store.</summary>
public sealed class CallCenterApiTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public CallCenterApiTests(LoopbackServerFactory factory) => _factory = factory;

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task R_TEL_02_MetricsOverTheRollingTwentyFourHoursLeaveOutOlderCallsAndBadWindowsAreRefused()
    {
        using var client = await WebClients.ClientAsync(_factory, "supervisor");
        var log = _factory.Services.GetRequiredService<IAcdEventLog>();
        var now = DateTimeOffset.UtcNow;
        void Call(string id, DateTimeOffset at, bool answered)
        {
            log.Append(new AcdEvent(at, AcdEventKind.CallEnqueued, id, "general"));
            if (answered)
            {
                log.Append(new AcdEvent(at.AddSeconds(3), AcdEventKind.CallOffered, id, "general", "agent-01"));
                log.Append(new AcdEvent(at.AddSeconds(6), AcdEventKind.OfferAnswered, id, "general", "agent-01"));
                log.Append(new AcdEvent(at.AddSeconds(60), AcdEventKind.CallEnded, id, "general", "agent-01", "answered"));
            }
            else
            {
                log.Append(new AcdEvent(at.AddSeconds(30), AcdEventKind.CallAbandoned, id, "general", Detail: "long"));
                log.Append(new AcdEvent(at.AddSeconds(30), AcdEventKind.CallEnded, id, "general", Detail: "abandoned"));
            }
        }

        Call("w-old", now - TimeSpan.FromHours(30), answered: true);
        Call("w-1", now - TimeSpan.FromHours(3), answered: true);
        Call("w-2", now - TimeSpan.FromHours(2), answered: false);

        var rolling = await GetJsonAsync(client, "/api/records/metrics?window=24h");
        var all = await GetJsonAsync(client, "/api/records/metrics");

        Assert.Equal(50.0, rolling.GetProperty("connectionRatePercent").GetDouble());
        Assert.Equal(2, rolling.GetProperty("queues").GetProperty("general").GetProperty("entered").GetInt64());
        Assert.Equal(200.0 / 3, all.GetProperty("connectionRatePercent").GetDouble(), 6);
        using var bad = await client.GetAsync(new Uri("/api/records/metrics?window=fortnight", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("24h", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_TEL_03_VoiceMessagesListedByTheApiAreTheOnesInTheEventLog()
    {
        using var client = await WebClients.ClientAsync(_factory, "supervisor");
        var inbox = _factory.Services.GetRequiredService<VoiceMessageInbox>();
        await inbox.LeftAsync("vm-1", "general", "13800000001", "/var/hotline/voice-messages/vm-1.wav");

        var listed = (await GetJsonAsync(client, "/api/voice-messages?pending=true")).EnumerateArray().Single(m => m.GetProperty("callId").GetString() == "vm-1");
        var events = (await GetJsonAsync(client, "/api/records/events")).EnumerateArray()
            .Where(e => e.GetProperty("callId").GetString() == "vm-1" && e.GetProperty("kind").GetInt32() == (int)AcdEventKind.VoiceMessageLeft);

        Assert.Equal(listed.GetProperty("recordingPath").GetString(), Assert.Single(events).GetProperty("detail").GetString());
        using var handled = await client.PostAsync(new Uri("/api/voice-messages/vm-1/handled?by=agent-03", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, handled.StatusCode);
        Assert.DoesNotContain((await GetJsonAsync(client, "/api/voice-messages?pending=true")).EnumerateArray(), m => m.GetProperty("callId").GetString() == "vm-1");
        using var again = await client.PostAsync(new Uri("/api/voice-messages/vm-1/handled?by=agent-03", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }
}
