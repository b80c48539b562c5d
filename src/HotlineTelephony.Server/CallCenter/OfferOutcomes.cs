using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.Sip.Dialogs;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>What the end of an unanswered outgoing INVITE (agent, department, gateway, called-back caller) means for the call centre.</summary>
internal static class OfferOutcomes
{
    public static OfferOutcome FromTermination(SessionTermination termination) => termination.Reason switch
    {
        // Our CANCEL: the ring timeout passed (a cancel because the caller left is reported before this).
        TerminationReason.Cancel => OfferOutcome.NoAnswer,
        TerminationReason.Timeout or TerminationReason.TransportError => OfferOutcome.Unreachable,
        _ when termination.StatusCode is 404 or 408 or 410 or 480 or 503 => OfferOutcome.Unreachable,
        _ => OfferOutcome.Rejected,
    };
}
