using System.Net;
using System.Text.RegularExpressions;

namespace HotlineTelephony.Server.Tests;

/// <summary>
/// The pages built from ClientApp/ as the server serves them: each route answers its HTML (never cached, so a new
/// bundle is picked up at once), the hashed bundles it names are there and cached for good, / leads to /login.
/// </summary>
public sealed partial class ClientPagesTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public ClientPagesTests(LoopbackServerFactory factory) => _factory = factory;

    [Theory]
    [InlineData("login", "登录")]
    [InlineData("wallboard", "实时监控")]
    [InlineData("agent", "座席工作台")]
    [InlineData("backoffice", "工单后台")]
    [InlineData("dispatcher", "应急联动台")]
    public async Task EachPageRouteServesItsHtmlWithBundlesThatExist(string page, string title)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/" + page, UriKind.Relative));
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains($"<title>{title}", html, StringComparison.Ordinal);

        var bundles = BundleReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(bundles, b => b.EndsWith(".js", StringComparison.Ordinal));
        foreach (string bundle in bundles)
        {
            using var asset = await client.GetAsync(new Uri(bundle, UriKind.Relative));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{bundle}: {(int)asset.StatusCode}");
            Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task RootLeadsToTheSignInPage()
    {
        using var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.OriginalString);
    }

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex BundleReference();
}
