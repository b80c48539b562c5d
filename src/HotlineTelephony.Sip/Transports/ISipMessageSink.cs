using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// Receives every well-formed message the transports read (the transaction layer implements it).
/// Malformed ones never get here: the transport layer answers 400/505 or drops and counts them.
/// Called concurrently from the transports' receive loops.
/// </summary>
public interface ISipMessageSink
{
    void OnMessage(SipMessage message, SipRemote source);
}
