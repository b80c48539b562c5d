namespace HotlineTelephony.Tickets.Calls;

/// <summary>
/// The seam to the call centre (implemented by the server host, which sees live calls and the call records): finds a
/// call for a new ticket and tells the call which ticket it produced.
/// </summary>
public interface ICallLinkResolver
{
    /// <summary>The live or ended call <paramref name="callId"/>, or null when neither exists.</summary>
    ValueTask<CallLink?> FindAsync(string callId, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="ticketNumber"/> on the call (its call record's ticket id).</summary>
    ValueTask LinkTicketAsync(string callId, string ticketNumber, CancellationToken cancellationToken);
}
