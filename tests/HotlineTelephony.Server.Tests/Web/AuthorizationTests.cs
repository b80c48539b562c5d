using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>Sign-in and role refusals seen from outside: status codes of the API and hub connections refused.</summary>
public sealed class AuthorizationTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public AuthorizationTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact]
    public async Task LoginSetsACookieThatMeAndLogoutHonour()
    {
        using var client = _factory.CreateClient();
        using (var me = await client.GetAsync("/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }

        using (var wrong = await client.PostAsJsonAsync("/api/auth/login", new { userName = "agent1001", password = "agent1002" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "agent1001", password = "agent1001" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Contains("hotline.auth=", string.Join(";", login.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
        }

        using (var me = await client.GetAsync("/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            var user = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("agent1001", user.GetProperty("userName").GetString());
            Assert.Equal("agent", Assert.Single(user.GetProperty("roles").EnumerateArray()).GetString());
            Assert.Equal("1001", user.GetProperty("agentId").GetString());
        }

        using (var logout = await client.PostAsync("/api/auth/logout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using (var me = await client.GetAsync("/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
    }

    [Fact]
    public async Task HubsAcceptTheSignInCookieAsPagesSendIt()
    {
        using var client = _factory.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "dispatcher", password = "dispatcher" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        string cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hotline.auth=", StringComparison.Ordinal)).Split(';')[0];

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, "/hubs/dispatcher"), o =>
            {
                o.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                o.Headers["Cookie"] = cookie;
            })
            .Build();
        await hub.StartAsync();
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task MissingCredentialsAreABadRequestAndLoseNothing()
    {
        using var client = _factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "supervisor" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/queues")]
    [InlineData("/api/agents")]
    [InlineData("/api/calls")]
    [InlineData("/api/records/events")]
    [InlineData("/api/wallboard")]
    [InlineData("/api/recordings/some-call")]
    public async Task UnauthenticatedApiRequestsGet401NotARedirect(string path)
    {
        using var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/hubs/wallboard")]
    [InlineData("/hubs/agent")]
    [InlineData("/hubs/backoffice")]
    [InlineData("/hubs/dispatcher")]
    public async Task UnauthenticatedHubConnectionsAreRefused(string path)
    {
        await using var hub = WebClients.Hub(_factory, path, token: null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("agent1001", "/hubs/wallboard")]
    [InlineData("backoffice", "/hubs/wallboard")]
    [InlineData("supervisor", "/hubs/agent")]
    [InlineData("dispatcher", "/hubs/backoffice")]
    [InlineData("agent1001", "/hubs/dispatcher")]
    public async Task HubsRefuseRolesThatAreNotTheirs(string user, string path)
    {
        await using var hub = WebClients.Hub(_factory, path, await WebClients.TokenAsync(_factory, user));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("supervisor", "/hubs/wallboard")]
    [InlineData("agent1001", "/hubs/agent")]
    [InlineData("backoffice", "/hubs/backoffice")]
    [InlineData("supervisor", "/hubs/backoffice")]
    [InlineData("dispatcher", "/hubs/dispatcher")]
    public async Task HubsAcceptTheirRoles(string user, string path)
    {
        await using var hub = WebClients.Hub(_factory, path, await WebClients.TokenAsync(_factory, user));
        await hub.StartAsync();
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task AnAgentReadsOnlyItsOwnStateAndNoSupervisorData()
    {
        using var agent = await WebClients.ClientAsync(_factory, "agent1001");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/agents/agent-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/agents/agent-02")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/api/agents/agent-02/ready", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/queues")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/records")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/wallboard")).StatusCode);

        // Another agent's call (here: no call of this agent at all) is neither controlled nor read.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/api/calls/someone-elses-call/hang-up", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/calls/someone-elses-call/record")).StatusCode);
    }

    [Fact]
    public async Task TheBackOfficeCannotControlCalls()
    {
        using var backOffice = await WebClients.ClientAsync(_factory, "backoffice");
        Assert.Equal(HttpStatusCode.Forbidden, (await backOffice.PostAsync("/api/calls/any-call/hang-up", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await backOffice.PostAsJsonAsync("/api/calls/any-call/emergency", new { number = "110" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await backOffice.PostAsync("/api/agents/agent-01/ready", null)).StatusCode);
    }

    [Fact]
    public async Task TheSupervisorUsesTheWholeApi()
    {
        using var supervisor = await WebClients.ClientAsync(_factory, "supervisor");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/queues")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/agents/agent-02")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsync("/api/calls/no-such-call/hang-up", null)).StatusCode);
    }
}
