namespace HotlineTelephony.Server.Web.Auth;

/// <summary>A user seeded into an empty users table (Auth:DemoUsers). Demo only: replace before real use.</summary>
public sealed class DemoUser
{
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public string? AgentId { get; set; }

    /// <summary>The contract's demo users, used when configuration lists none.</summary>
    public static IReadOnlyList<DemoUser> Defaults { get; } = BuildDefaults();

    private static List<DemoUser> BuildDefaults()
    {
        var users = new List<DemoUser>
        {
            new() { UserName = "supervisor", Password = "supervisor", Roles = [HotlineRoles.Supervisor] },
            new() { UserName = "backoffice", Password = "backoffice", Roles = [HotlineRoles.BackOffice] },
            new() { UserName = "dispatcher", Password = "dispatcher", Roles = [HotlineRoles.Dispatcher] },
        };
        for (int id = 1001; id <= 1010; id++)
        {
            string agentId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            users.Add(new() { UserName = "agent" + agentId, Password = "agent" + agentId, Roles = [HotlineRoles.Agent], AgentId = agentId });
        }

        return users;
    }
}
