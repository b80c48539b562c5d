using System.Security.Claims;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.Server.Web.Auth;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The user's <c>agent_id</c> claim as issued (1001…): a dialplan agent's id or its extension.</summary>
    public static string? AgentId(this ClaimsPrincipal user) => user.FindFirstValue(HotlineRoles.AgentIdClaim);

    public static bool IsSupervisor(this ClaimsPrincipal user) => user.IsInRole(HotlineRoles.Supervisor);

    /// <summary>The dialplan agent the user is: its <c>agent_id</c> claim names the agent's id or extension.</summary>
    public static AgentDefinition? DialplanAgent(this ClaimsPrincipal user, Dialplan plan) =>
        user.IsInRole(HotlineRoles.Agent) && user.AgentId() is { } claim ? plan.FindAgent(claim) ?? plan.FindAgentByExtension(claim) : null;

    /// <summary>A supervisor, or the agent whose dialplan id is <paramref name="agentId"/>.</summary>
    public static bool IsSupervisorOrAgent(this ClaimsPrincipal user, string? agentId, Dialplan plan) =>
        user.IsSupervisor() || (agentId is not null && user.DialplanAgent(plan)?.Id == agentId);

    /// <summary>The user's roles, in the order of their claims.</summary>
    public static IReadOnlyList<string> Roles(this ClaimsPrincipal user) =>
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)];
}
