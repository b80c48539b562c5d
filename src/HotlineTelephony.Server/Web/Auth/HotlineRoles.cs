namespace HotlineTelephony.Server.Web.Auth;

/// <summary>The four roles of the issue 5 contract, and the claim that ties a user to an agent of the dialplan.</summary>
public static class HotlineRoles
{
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string BackOffice = "backoffice";
    public const string Dispatcher = "dispatcher";

    /// <summary>Claim type carrying the dialplan agent id (1001…) of an agent user.</summary>
    public const string AgentIdClaim = "agent_id";

    public static IReadOnlyList<string> All { get; } = [Agent, Supervisor, BackOffice, Dispatcher];
}
