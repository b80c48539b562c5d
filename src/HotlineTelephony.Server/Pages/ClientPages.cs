using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace HotlineTelephony.Server.Pages;

/// <summary>
/// Serves the pages built from ClientApp/ (wwwroot): /login, /wallboard, /agent, /backoffice and /dispatcher, each
/// one HTML file, and their bundles under /assets. The pages are public; what they show comes from the API and hubs,
/// which check the sign-in.
/// </summary>
internal static class ClientPages
{
    public static readonly IReadOnlyList<string> Names = ["login", "wallboard", "agent", "backoffice", "dispatcher"];

    /// <summary>
    /// The web root: wwwroot under the content root (dotnet run from the project folder), else the one the build
    /// copied beside the binaries (a server started from another folder). Null leaves the framework's default.
    /// </summary>
    public static string? FindWebRoot(string contentRoot)
    {
        if (Directory.Exists(Path.Combine(contentRoot, "wwwroot")))
        {
            return null;
        }

        string shipped = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(shipped) ? shipped : null;
    }

    /// <summary>What a page answers when the build had no npm to build the pages with.</summary>
    public const string NotBuiltMessage =
        "页面未构建 — the pages were not built: npm was missing when the server was built. Install Node.js and npm " +
        "(Debian: apt-get install nodejs npm) and build again. SIP, media, the call centre and the API work without them.";

    public static WebApplication MapClientPages(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/login")).ExcludeFromDescription();
        if (!app.Environment.WebRootFileProvider.GetFileInfo("login.html").Exists)
        {
            app.Logger.LogWarning("The pages (/login, /wallboard, /agent, /backoffice, /dispatcher) were not built (npm missing at build time); they answer 503");
            foreach (string name in Names)
            {
                app.MapGet($"/{name}", () => Results.Text(NotBuiltMessage, "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable))
                    .ExcludeFromDescription();
            }

            return app;
        }

        var options = new StaticFileOptions { OnPrepareResponse = SetCaching };
        app.UseStaticFiles(options);
        foreach (string name in Names)
        {
            app.MapFallbackToFile($"/{name}", $"{name}.html", options);
        }

        return app;
    }

    // Bundles carry a content hash in their names and never change; a page's HTML names the current bundle, so it
    // must be fetched again each time.
    private static void SetCaching(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers[HeaderNames.CacheControl] = context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }
}
