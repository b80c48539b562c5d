using System.Security.Claims;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Tickets.Api;

namespace HotlineTelephony.Server.Tickets;

/// <summary>
/// The agent a ticket records, from the sign-in: an agent always records itself (its <c>agent_id</c> claim as the
/// dialplan agent's id), so a body cannot file a ticket under a colleague's name. Supervisors and the back office may
/// create on an agent's behalf: the body's <c>agentId</c> (a dialplan agent's id or extension) is used then. Other
/// roles record no agent and may not name one.
/// </summary>
internal sealed class SignedInTicketAuthors(DialplanProvider plans) : ITicketAuthors
{
    public TicketAuthor Resolve(ClaimsPrincipal user, string? requestedAgentId)
    {
        var requested = string.IsNullOrWhiteSpace(requestedAgentId) ? null : requestedAgentId.Trim();
        var plan = plans.Current;
        if (user.IsInRole(HotlineRoles.Agent))
        {
            var claim = user.AgentId();
            var own = user.DialplanAgent(plan)?.Id ?? claim;
            if (requested is not null && requested != own && requested != claim)
            {
                return new TicketAuthor(own, $"an agent creates tickets as itself ({own ?? "no agent id"}); leave agentId out");
            }

            return new TicketAuthor(own);
        }

        if (requested is null)
        {
            return new TicketAuthor(null);
        }

        if (!user.IsInRole(HotlineRoles.Supervisor) && !user.IsInRole(HotlineRoles.BackOffice))
        {
            return new TicketAuthor(null, "only supervisors and the back office may create a ticket on an agent's behalf");
        }

        return (plan.FindAgent(requested) ?? plan.FindAgentByExtension(requested)) is { } agent
            ? new TicketAuthor(agent.Id)
            : new TicketAuthor(null, $"no agent \"{requested}\" in the dialplan (an agent's id or extension)");
    }
}
