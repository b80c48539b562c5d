using System.Net;
using System.Net.Http.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Pages;

/// <summary>
/// The demo users the server seeds from Auth:DemoUsers (password = user name) and the waits the page tests share.
/// Waits are generous: the machine runs other tests and builds at the same time.
/// </summary>
internal static class PageUsers
{
    public const string Supervisor = "supervisor";
    public const string Agent1001 = "agent1001";
    public const string BackOffice = "backoffice";
    public const string Dispatcher = "dispatcher";

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Opens <paramref name="path"/> in a new page signed in as <paramref name="user"/> and waits for its hub.</summary>
    public static async Task<BrowserPage> OpenSignedInAsync(BrowserSession browser, ServerProcess server, string name, string path, string user)
    {
        var page = await browser.NewPageAsync(name, server.HttpBaseAddress);
        await page.SignInThroughAsync(path, user, user, Wait);
        await page.WaitForHubAsync(Wait);
        return page;
    }

    /// <summary>An HttpClient holding the sign-in cookie of <paramref name="user"/> (POST /api/auth/login).</summary>
    public static async Task<HttpClient> SignedInClientAsync(ServerProcess server, string user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = server.HttpBaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var response = await client.PostAsJsonAsync(new Uri("api/auth/login", UriKind.Relative), new { userName = user, password = user });
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }
}
