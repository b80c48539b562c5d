using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.UserAgents;

/// <summary>
/// A new INVITE offered to the application, and the UAS <see cref="InviteSession"/> that answers it. Subscribe
/// to the session's events (Terminated tells about a CANCEL) before ringing.
/// </summary>
public sealed class IncomingInvite
{
    internal IncomingInvite(InviteSession session, ServerInviteTransaction transaction)
    {
        Session = session;
        Transaction = transaction;
        Request = transaction.Request;
    }

    public InviteSession Session { get; }

    public ServerInviteTransaction Transaction { get; }

    /// <summary>The INVITE as received, whole for as long as the application holds this (the transaction keeps only its identity once answered).</summary>
    public SipRequest Request { get; }

    /// <summary>Where the INVITE came from (for a NATed phone, the address to send in-dialog requests to).</summary>
    public SipRemote Source => Transaction.Source;

    /// <summary>The SDP offer, or null for an offer-less INVITE (then Accept's SDP is our offer and the answer comes in the ACK).</summary>
    public string? Offer => Session.RemoteSdp;

    /// <summary>Sends 180 or 183 with our To tag (early dialog), with SDP for early media.</summary>
    public void SendProvisional(int statusCode = 180, string? sdp = null) => Session.SendProvisional(statusCode, sdp);

    /// <summary>Sends the 2xx with our Contact and SDP and retransmits it until the ACK.</summary>
    public void Accept(string? sdp) => Session.Accept(sdp);

    /// <summary>Sends a final 3xx–6xx; <paramref name="headers"/> are added as given (Retry-After, Warning, ...).</summary>
    public void Reject(int statusCode, string? reasonPhrase = null, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        Session.Reject(statusCode, reasonPhrase, headers);
}
