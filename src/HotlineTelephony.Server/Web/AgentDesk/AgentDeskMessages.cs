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

/// <summary>A waiting callback task on the desk's list; <see cref="OfferedTo"/>: the agent being rung for it now (null: free to take).</summary>
public sealed record CallbackItem(string TaskId, string? Caller, string Queue, DateTimeOffset Since, string? OfferedTo);
