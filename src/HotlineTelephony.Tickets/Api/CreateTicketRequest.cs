namespace HotlineTelephony.Tickets.Api;

/// <summary>
/// POST /api/tickets. With <see cref="CallId"/> the caller number, agent, call record and recording come from the call
/// (a caller number given here is used only when the call has none). <see cref="AgentId"/> stands in for the signed-in
/// agent until authentication supplies it.
/// </summary>
public sealed record CreateTicketRequest(string? Category, string? Content, string? CallId = null, string? CallerNumber = null, string? Location = null, string? AgentId = null);
