namespace HotlineTelephony.Server.Web.Auth;

/// <summary>A row of table <c>users</c>: a sign-in name, a salted PBKDF2 hash with its iteration count, roles, agent id.</summary>
public sealed class UserAccount
{
    public int Id { get; set; }

    public required string UserName { get; set; }

    public required byte[] PasswordSalt { get; set; }

    public required byte[] PasswordHash { get; set; }

    public int Iterations { get; set; }

    /// <summary>Comma-separated roles (HotlineRoles).</summary>
    public required string Roles { get; set; }

    public string? AgentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
