namespace HotlineTelephony.Tickets.Api;

/// <summary>
/// POST /api/tickets. With <see cref="CallId"/> the caller number, agent, call record and recording come from the call
/// (a caller number given here is used only when the call has none). Without a call the agent is the signed-in one;
/// <see cref="AgentId"/> is honoured only where <see cref="ITicketAuthors"/> lets the user create on an agent's behalf.
/// </summary>
public sealed record CreateTicketRequest(string? Category, string? Content, string? CallId = null, string? CallerNumber = null, string? Location = null, string? AgentId = null);
