namespace HotlineTelephony.Tickets.Model;

/// <summary>
/// Ticket states. Intake knows only open and closed; the life-cycle issue adds dispatched, returned, overdue and so on.
/// A ticket counts as open (for the agent's screen pop and the open-ticket priority rule) until it is closed.
/// </summary>
public static class TicketStatuses
{
    public const string Open = "open";
    public const string Closed = "closed";

    public static IReadOnlyList<string> All { get; } = [Open, Closed];

    public static bool IsKnown(string? status) => status is not null && All.Contains(status, StringComparer.Ordinal);
}
