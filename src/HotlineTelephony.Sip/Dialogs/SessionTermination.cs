using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Dialogs;

/// <summary>
/// How a session ended: the reason, the SIP status that best describes it (the final response for a failed
/// INVITE, 487 for a cancel, 408 for a timeout, 200 for a BYE) and the response that ended it, if one did.
/// </summary>
public sealed record SessionTermination(TerminationReason Reason, int StatusCode, SipResponse? Response = null);
