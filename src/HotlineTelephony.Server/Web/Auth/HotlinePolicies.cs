namespace HotlineTelephony.Server.Web.Auth;

/// <summary>Authorization policy names used by the REST API (hubs use [Authorize(Roles = …)] directly).</summary>
public static class HotlinePolicies
{
    /// <summary>Signed in with any role.</summary>
    public const string SignedIn = "signed-in";

    public const string Supervisor = "supervisor";

    /// <summary>Agents and supervisors; endpoints narrow an agent to its own agent id or calls.</summary>
    public const string AgentOrSupervisor = "agent-or-supervisor";

    /// <summary>Dispatchers and supervisors; endpoints narrow a dispatcher to calls transferred to an emergency line.</summary>
    public const string DispatcherOrSupervisor = "dispatcher-or-supervisor";
}
