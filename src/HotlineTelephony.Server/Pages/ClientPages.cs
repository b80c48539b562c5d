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

    public static WebApplication MapClientPages(this WebApplication app)
    {
        var options = new StaticFileOptions { OnPrepareResponse = SetCaching };
        app.UseStaticFiles(options);

        app.MapGet("/", () => Results.Redirect("/login")).ExcludeFromDescription();
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
