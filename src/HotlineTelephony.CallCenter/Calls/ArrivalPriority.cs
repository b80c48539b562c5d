using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Calls;

/// <summary>
/// A new caller's priority from the dialplan's rules: the trunk (110 transfers first), the dialled number, the caller
/// lists the number is on, and whether the caller has an open ticket. The ticket back end is asked only when a rule
/// needs it, and only for as long as the policy allows; a slow or failing lookup queues the caller without it.
/// </summary>
public static class ArrivalPriority
{
    public static async Task<int> ResolveAsync(
        Dialplan plan,
        TrunkDefinition? trunk,
        string dialledNumber,
        string callerNumber,
        IOpenTicketLookup tickets,
        TimeProvider timeProvider,
        ILogger logger,
        string callId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(tickets);
        var hasOpenTicket = false;
        if (callerNumber.Length > 0 && plan.Priorities.Rules.Any(r => r.Condition == PriorityCondition.OpenTicket))
        {
            var timeout = TimeSpan.FromMilliseconds(plan.Policy.OpenTicketLookupTimeoutMs);
            try
            {
                // On the thread pool: a database provider that answers synchronously (SQLite) would otherwise run the
                // query on the SIP receive thread that is answering this INVITE, and the timeout could not bound it.
                hasOpenTicket = await Task.Run(() => tickets.HasOpenTicketAsync(callerNumber, cancellationToken).AsTask(), cancellationToken)
                    .WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                AcdLog.OpenTicketLookupFailed(logger, callId, timeout, null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                AcdLog.OpenTicketLookupFailed(logger, callId, timeout, ex);
            }
        }

        return plan.Priorities.For(trunk?.Name, trunk?.Kind, dialledNumber, hasOpenTicket, list => plan.IsOnCallerList(list, callerNumber));
    }
}
