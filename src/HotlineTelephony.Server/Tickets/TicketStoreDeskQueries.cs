using HotlineTelephony.Server.Web.AgentDesk;
using HotlineTelephony.Server.Web.Wallboard;
using HotlineTelephony.Tickets;

namespace HotlineTelephony.Server.Tickets;

/// <summary>
/// What the agent desk and the wallboard read from the tickets database: the caller's open tickets for the screen pop,
/// and the day's ticket count the wallboard starts from.
/// </summary>
internal sealed class TicketStoreDeskQueries(TicketStore tickets) : ICallerTicketHistory, ITicketDayCount
{
    public async Task<IReadOnlyList<OpenTicket>> OpenTicketsAsync(string callerNumber, CancellationToken cancellationToken)
    {
        var open = await tickets.OpenTicketsForCallerAsync(callerNumber, cancellationToken: cancellationToken).ConfigureAwait(false);
        return open.Select(t => new OpenTicket(t.Number, t.Category, t.Content)).ToList();
    }

    public async Task<long> CountCreatedOnAsync(DateOnly day, CancellationToken cancellationToken) =>
        await tickets.CountCreatedOnAsync(day, cancellationToken).ConfigureAwait(false);
}
