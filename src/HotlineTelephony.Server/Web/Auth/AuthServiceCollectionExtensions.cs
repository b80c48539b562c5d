using HotlineTelephony.Server.Web.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace HotlineTelephony.Server.Web.Auth;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>The scheme every endpoint and hub uses: picks bearer or cookie per request.</summary>
    public const string HotlineScheme = "hotline";

    /// <summary>
    /// Users (table <c>users</c>, demo users seeded), cookie and bearer-token authentication behind one policy scheme
    /// (a Bearer header, or <c>?access_token=</c> on /hubs as the SignalR JS client sends it, selects bearer; anything
    /// else the cookie), and the role policies. API and hub requests get 401/403, never a redirect.
    /// </summary>
    public static IServiceCollection AddHotlineAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .Validate(o => { o.Validate(); return true; })
            .ValidateOnStart();
        services.AddSingleton<WebDbContextFactory>();
        services.AddSingleton<UserStore>();
        services.AddHostedService<UserSeedingService>();

        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = HotlineScheme;
                o.DefaultChallengeScheme = HotlineScheme;
            })
            .AddPolicyScheme(HotlineScheme, "cookie or bearer token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "hotline.auth";
                o.Cookie.HttpOnly = true;
                // Strict: a cross-site page cannot make the browser send the cookie with a POST to the API.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(auth.CookieHours);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => StatusOrRedirect(ctx, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(auth.TokenMinutes);
                o.Events.OnMessageReceived = ctx =>
                {
                    if (ctx.Request.Path.StartsWithSegments("/hubs") && ctx.Request.Query["access_token"] is [{ Length: > 0 } token])
                    {
                        ctx.Token = token;
                    }

                    return Task.CompletedTask;
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(HotlinePolicies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(HotlinePolicies.Supervisor, p => p.RequireRole(HotlineRoles.Supervisor))
            .AddPolicy(HotlinePolicies.AgentOrSupervisor, p => p.RequireRole(HotlineRoles.Agent, HotlineRoles.Supervisor))
            .AddPolicy(HotlinePolicies.DispatcherOrSupervisor, p => p.RequireRole(HotlineRoles.Dispatcher, HotlineRoles.Supervisor));
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return BearerTokenDefaults.AuthenticationScheme;
        }

        return context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query.ContainsKey("access_token")
            ? BearerTokenDefaults.AuthenticationScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static Task StatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
