using System.Security.Claims;

namespace HotlineTelephony.Tickets.Api;

/// <summary>The default without a host's sign-in: the body's <c>agentId</c> is taken as given.</summary>
public sealed class BodyTicketAuthors : ITicketAuthors
{
    public TicketAuthor Resolve(ClaimsPrincipal user, string? requestedAgentId) =>
        new(string.IsNullOrWhiteSpace(requestedAgentId) ? null : requestedAgentId.Trim());
}
