using System.Net;
using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests;

public sealed class ServerProcessTests
{
    [Fact]
    public async Task ServerAnswersHealthzWhenStartedAsAProcess()
    {
        await using var server = await ServerProcess.StartAsync(nameof(ServerAnswersHealthzWhenStartedAsAProcess));
        using var client = new HttpClient { BaseAddress = server.HttpBaseAddress };

        using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        await server.WaitForOutputAsync($"SIP server listening on 127.0.0.1:{server.SipPort}", TimeSpan.FromSeconds(5));
    }
}
