namespace HotlineTelephony.Server.Web.Wallboard;

/// <summary>
/// How many tickets the centre created on a day: the wallboard's <c>ticketsToday</c> starts from it when its fold is
/// built (at start and at local midnight), since tickets are not in the ACD event log. The tickets back end implements
/// it; <see cref="NoTicketDayCount"/> answers 0.
/// </summary>
public interface ITicketDayCount
{
    Task<long> CountCreatedOnAsync(DateOnly day, CancellationToken cancellationToken);
}

public sealed class NoTicketDayCount : ITicketDayCount
{
    public Task<long> CountCreatedOnAsync(DateOnly day, CancellationToken cancellationToken) => Task.FromResult(0L);
}
