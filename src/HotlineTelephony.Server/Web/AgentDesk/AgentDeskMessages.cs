namespace HotlineTelephony.Server.Web.AgentDesk;

/// <summary>server→client <c>state</c> on /hubs/agent.</summary>
public sealed record AgentStateMessage(string AgentId, string State, string? Reason, int? WrapUpSecondsLeft);

/// <summary>server→client <c>offer</c>: the screen pop.</summary>
public sealed record OfferMessage(
    string CallId,
    string? Queue,
    string? Caller,
    IReadOnlyList<EarlierCall> EarlierCalls,
    IReadOnlyList<OpenTicket> OpenTickets,
    string? IncidentReference);

public sealed record EarlierCall(DateTimeOffset At, string? Disposition, string? AgentId);

public sealed record CallEndedMessage(string CallId);

public sealed record DirectoryItem(string Name, string Number, string Kind);

public sealed record CallbackItem(string TaskId, string? Caller, string Queue, DateTimeOffset Since);
