namespace HotlineTelephony.CallCenter.Calls;

/// <summary>
/// Whether a caller has an open ticket (工单) — the seam the tickets back end implements, so a caller chasing an open
/// matter is raised to the <c>open_ticket</c> priority when the dialplan has an <c>open_ticket: true</c> rule. Arrival
/// waits at most <see cref="Dialplans.Model.PolicyProfile.OpenTicketLookupTimeoutMs"/> for the answer.
/// </summary>
public interface IOpenTicketLookup
{
    ValueTask<bool> HasOpenTicketAsync(string callerNumber, CancellationToken cancellationToken = default);
}
