using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.UserAgents;

/// <summary>
/// What the UA core hands to the application: new out-of-dialog requests that passed the generic checks
/// (method, Max-Forwards, loops and merges, Require, session-timer floor). In-dialog requests never come here;
/// they go to the dialog's <see cref="Dialogs.InviteSession"/>. Called on transport threads; implementations
/// must not block.
/// </summary>
public interface ISipApplication
{
    /// <summary>A new INVITE. Ring, answer or reject it through <paramref name="invite"/>; it may be done later.</summary>
    void OnInvite(IncomingInvite invite);

    /// <summary>A REGISTER (to the registrar). Answer through the transaction.</summary>
    void OnRegister(ServerTransaction transaction);

    /// <summary>Any other allowed out-of-dialog request (MESSAGE, SUBSCRIBE, NOTIFY, REFER, ...). Answer through the transaction.</summary>
    void OnRequest(ServerTransaction transaction);
}
