using System.Diagnostics.Metrics;
using System.Globalization;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Operations;
using HotlineTelephony.Server.Options;
using HotlineTelephony.Server.Pages;
using HotlineTelephony.Server.Sip;
using HotlineTelephony.Server.Tickets;
using HotlineTelephony.Server.Web;
using HotlineTelephony.Server.Web.AgentDesk;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.BackOffice;
using HotlineTelephony.Server.Web.Wallboard;
using HotlineTelephony.Tickets;
using HotlineTelephony.Tickets.Api;
using HotlineTelephony.Tickets.Calls;
using Serilog;

namespace HotlineTelephony.Server;

/// <summary>Composes the host: logging, options, the SIP hosted service and the HTTP endpoints.</summary>
internal static class ServerApplication
{
    /// <summary>Used when configuration sets no "Serilog:WriteTo"; {Properties} shows scope values such as CallId, AgentId and Queue.</summary>
    public const string DefaultConsoleTemplate =
        "{Timestamp:HH:mm:ss.fff} {Level:u3} [{SourceContext}] {Message:lj} {Properties:j}{NewLine}{Exception}";

    public const string DefaultUrls = "http://0.0.0.0:8080";

    public static WebApplication Build(string[] args)
    {
        // The content root may hold the recordings folder; reload-on-change would watch every file written there.
        if (Environment.GetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange") is null)
        {
            Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            WebRootPath = ClientPages.FindWebRoot(Directory.GetCurrentDirectory()),
        });

        // `dotnet HotlineTelephony.Server.dll` from another folder has that folder as content root; the shipped
        // settings then sit beside the assembly. Insert them first so command line and environment still win.
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) && File.Exists(shipped))
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = "appsettings.json",
                Optional = true,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
            });
        }

        // Kestrel reads "Urls" from configuration itself; this is only the fallback when nothing sets it.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        var loggerConfiguration = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration);
        if (!builder.Configuration.GetSection("Serilog:WriteTo").Exists())
        {
            loggerConfiguration.WriteTo.Console(outputTemplate: DefaultConsoleTemplate, formatProvider: CultureInfo.InvariantCulture);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(loggerConfiguration.CreateLogger(), dispose: true);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHotlineOptions();
        // Before the call centre, whose default (no open tickets) is only a fallback.
        builder.Services.AddSingleton<IOpenTicketLookup, TicketStoreOpenTicketLookup>();
        // Before the web side, whose defaults (no open tickets, no stored tickets) are only fallbacks.
        builder.Services.AddSingleton<TicketStoreDeskQueries>();
        builder.Services.AddSingleton<ICallerTicketHistory>(sp => sp.GetRequiredService<TicketStoreDeskQueries>());
        builder.Services.AddSingleton<ITicketDayCount>(sp => sp.GetRequiredService<TicketStoreDeskQueries>());
        builder.Services.AddSingleton(sp => new PrometheusExporter(sp.GetService<IMeterFactory>()));
        // Tickets first: their schema is applied by a hosted service that must start before the wallboard (which counts
        // the day's tickets as it starts) and the outbox dispatcher. The back-office hub is the outbox's publisher
        // (registered before AddTickets, which only adds its logging default).
        builder.Services.AddBackOfficeTicketPush();
        builder.Services.AddSingleton<ICallLinkResolver, CallCenterCallLinks>();
        builder.Services.AddSingleton<ITicketAuthors, SignedInTicketAuthors>();
        builder.Services.AddTickets(builder.Configuration);
        builder.Services.AddHotlineWeb(builder.Configuration);
        builder.Services.AddCallCenter(builder.Configuration);
        builder.Services.AddSingleton<CallInstruments>();

        builder.Services.AddOpenApi();
        builder.Services.AddHostedService<SipServerHostedService>();

        var app = builder.Build();

        // The exporter listens from the start, so counters recorded before the first scrape are not lost.
        app.Services.GetRequiredService<PrometheusExporter>();

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/healthz", static () => Results.Json(new { status = "ok" }));
        app.MapPrometheusMetrics();
        app.MapOpenApi();
        app.MapCallCenter();
        app.MapHotlineWeb();
        app.MapTicketEndpoints().RequireAuthorization(HotlinePolicies.SignedIn);
        app.MapClientPages();

        return app;
    }
}
