using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>Signed-in HTTP clients and SignalR connections against the in-process host (demo users: password = name).</summary>
internal static class WebClients
{
    public static async Task<string> TokenAsync(WebApplicationFactory<Program> factory, string userName)
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = userName });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    public static async Task<HttpClient> ClientAsync(WebApplicationFactory<Program> factory, string userName)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(factory, userName));
        return client;
    }

    /// <summary>A hub connection over the test server (long polling: the in-memory handler has no WebSockets).</summary>
    public static HubConnection Hub(LoopbackServerFactory factory, string path, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, path), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
}
