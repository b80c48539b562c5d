using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace HotlineTelephony.Server.Web.Auth;

/// <summary>POST /api/auth/login, /logout, /token and GET /api/auth/me (issue 5 contract).</summary>
internal static class AuthEndpoints
{
    public sealed record Credentials(string? UserName, string? Password);

    public sealed record SignedInUser(string UserName, IReadOnlyList<string> Roles, string? AgentId);

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");

        auth.MapPost("/login", async (Credentials? body, UserStore users, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (await CheckAsync(body, users, cancellationToken) is not { } user)
            {
                return Refused(body);
            }

            var principal = Principal(user, CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = true });
            return Results.Ok(Describe(principal));
        }).AllowAnonymous();

        auth.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).AllowAnonymous();

        auth.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(Describe(user)))
            .RequireAuthorization(HotlinePolicies.SignedIn);

        // The framework's bearer tokens: {tokenType, accessToken, expiresIn, refreshToken}.
        auth.MapPost("/token", async (Credentials? body, UserStore users, CancellationToken cancellationToken) =>
            await CheckAsync(body, users, cancellationToken) is { } user
                ? Results.SignIn(Principal(user, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme)
                : Refused(body)).AllowAnonymous();

        return app;
    }

    private static async Task<UserAccount?> CheckAsync(Credentials? body, UserStore users, CancellationToken cancellationToken) =>
        body is { UserName: { Length: > 0 } name, Password: { Length: > 0 } password }
            ? await users.VerifyAsync(name, password, cancellationToken)
            : null;

    private static IResult Refused(Credentials? body) =>
        body is { UserName: { Length: > 0 }, Password: { Length: > 0 } }
            ? Results.Problem("Unknown user name or wrong password.", statusCode: StatusCodes.Status401Unauthorized)
            : Results.Problem("userName and password are required.", statusCode: StatusCodes.Status400BadRequest);

    private static ClaimsPrincipal Principal(UserAccount user, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, user.UserName) };
        claims.AddRange(user.RoleList.Select(role => new Claim(ClaimTypes.Role, role)));
        if (user.AgentId is { } agentId)
        {
            claims.Add(new Claim(HotlineRoles.AgentIdClaim, agentId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    private static SignedInUser Describe(ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "", user.Roles(), user.AgentId());
}
