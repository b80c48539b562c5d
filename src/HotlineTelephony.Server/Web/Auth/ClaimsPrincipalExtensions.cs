using System.Security.Claims;

namespace HotlineTelephony.Server.Web.Auth;

internal static class ClaimsPrincipalExtensions
{
    public static string? AgentId(this ClaimsPrincipal user) => user.FindFirstValue(HotlineRoles.AgentIdClaim);

    public static bool IsSupervisor(this ClaimsPrincipal user) => user.IsInRole(HotlineRoles.Supervisor);

    /// <summary>A supervisor, or the agent whose id is <paramref name="agentId"/>.</summary>
    public static bool IsSupervisorOrAgent(this ClaimsPrincipal user, string? agentId) =>
        user.IsSupervisor() || (agentId is not null && user.IsInRole(HotlineRoles.Agent) && user.AgentId() == agentId);

    /// <summary>The user's roles, in the order of their claims.</summary>
    public static IReadOnlyList<string> Roles(this ClaimsPrincipal user) =>
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)];
}
