namespace HotlineTelephony.Server.Web.AgentDesk;

/// <summary>
/// The caller's open tickets for the screen pop. A seam: the tickets project implements it (the lead wires it);
/// until then <see cref="NoCallerTicketHistory"/> answers none.
/// </summary>
public interface ICallerTicketHistory
{
    Task<IReadOnlyList<OpenTicket>> OpenTicketsAsync(string callerNumber, CancellationToken cancellationToken);
}

public sealed record OpenTicket(string Number, string Category, string Content);

public sealed class NoCallerTicketHistory : ICallerTicketHistory
{
    public Task<IReadOnlyList<OpenTicket>> OpenTicketsAsync(string callerNumber, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OpenTicket>>([]);
}
