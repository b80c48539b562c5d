namespace HotlineTelephony.Server.Web.Auth;

/// <summary>Sign-in settings (section "Auth", docs/configuration.md).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Seed <see cref="DemoUsers"/> (or <see cref="DemoUser.Defaults"/> when none are listed) into an empty users table.</summary>
    public bool SeedDemoUsers { get; set; } = true;

    public List<DemoUser> DemoUsers { get; set; } = [];

    /// <summary>PBKDF2-SHA256 iterations for new hashes; each stored hash keeps its own count, so raising it is safe.</summary>
    public int Pbkdf2Iterations { get; set; } = 100_000;

    /// <summary>Lifetime of a sign-in cookie (sliding).</summary>
    public int CookieHours { get; set; } = 12;

    /// <summary>Lifetime of a bearer access token from POST /api/auth/token.</summary>
    public int TokenMinutes { get; set; } = 60;

    public void Validate()
    {
        if (Pbkdf2Iterations < 10_000)
        {
            throw new InvalidOperationException($"Auth:Pbkdf2Iterations must be at least 10000 (was {Pbkdf2Iterations}).");
        }

        if (CookieHours < 1 || TokenMinutes < 1)
        {
            throw new InvalidOperationException($"Auth:CookieHours and Auth:TokenMinutes must be at least 1 (were {CookieHours} and {TokenMinutes}).");
        }

        foreach (var user in DemoUsers)
        {
            if (string.IsNullOrWhiteSpace(user.UserName) || string.IsNullOrEmpty(user.Password))
            {
                throw new InvalidOperationException("Auth:DemoUsers: every user needs a UserName and a Password.");
            }

            if (user.Roles.Count == 0 || user.Roles.Any(r => !HotlineRoles.All.Contains(r)))
            {
                throw new InvalidOperationException($"Auth:DemoUsers: user '{user.UserName}' needs roles among {string.Join(", ", HotlineRoles.All)}.");
            }
        }
    }
}
