using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// The transaction user for incoming traffic (the UA core / dialog layer). Called from transport receive threads,
/// never with a transaction lock or the transaction table locked, so it may call back into the layer.
/// </summary>
public interface ISipTransactionUser
{
    /// <summary>A new request (not ACK or CANCEL) created <paramref name="tx"/>; answer through it.</summary>
    void OnRequest(ServerTransaction tx);

    /// <summary>An ACK no transaction absorbed: the ACK for a 2xx (RFC 6026), which belongs to the dialog.</summary>
    void OnAck(SipRequest ack, SipRemote source);

    /// <summary>
    /// A CANCEL hit <paramref name="invite"/> before its final response: the layer has already answered the CANCEL
    /// 200 and the INVITE 487.
    /// </summary>
    void OnCancelled(ServerInviteTransaction invite, SipRequest cancel);

    /// <summary>
    /// A response that matched no client transaction, typically a 2xx retransmission or forked 2xx after Timer M;
    /// a UAC core must still ACK it (RFC 6026 §7.2).
    /// </summary>
    void OnStrayResponse(SipResponse response, SipRemote source);
}
