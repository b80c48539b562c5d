using System.Net;
using System.Text.Json;

namespace HotlineTelephony.Server.Tests;

public sealed class HealthzTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public HealthzTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact]
    public async Task HealthzAnswersOkWithJsonStatus()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
    }
}
