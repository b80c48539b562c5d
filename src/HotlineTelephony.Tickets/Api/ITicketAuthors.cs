using System.Security.Claims;

namespace HotlineTelephony.Tickets.Api;

/// <summary>
/// Decides which agent a new ticket records for the user creating it. The tickets layer knows no roles; the host
/// implements this from its sign-in claims (an agent records itself, whatever the body says).
/// </summary>
public interface ITicketAuthors
{
    /// <param name="user">The signed-in user of the request.</param>
    /// <param name="requestedAgentId">The <c>agentId</c> of the request body, if any.</param>
    TicketAuthor Resolve(ClaimsPrincipal user, string? requestedAgentId);
}

/// <summary>The agent a ticket records (null: none), or why the requested one is refused (a 400 on <c>agentId</c>).</summary>
public sealed record TicketAuthor(string? AgentId, string? Error = null);
