namespace HotlineTelephony.Tickets.Calls;

/// <summary>Used when no call centre is wired (tests, a tickets-only host): every call id is unknown.</summary>
public sealed class NoCallLinkResolver : ICallLinkResolver
{
    public ValueTask<CallLink?> FindAsync(string callId, CancellationToken cancellationToken) => ValueTask.FromResult<CallLink?>(null);

    public ValueTask LinkTicketAsync(string callId, string ticketNumber, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
