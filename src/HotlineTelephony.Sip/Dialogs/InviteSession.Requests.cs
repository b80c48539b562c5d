using System.Text;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Dialogs;

public sealed partial class InviteSession
{
    private bool _updateInFlight;

    /// <summary>
    /// Hangs up whatever the state: BYE once a 2xx was sent or received, CANCEL for our unanswered INVITE,
    /// 480 for an incoming INVITE not yet answered.
    /// </summary>
    public void Bye()
    {
        using (Enter())
        {
            switch (State)
            {
                case InviteSessionState.Terminated:
                    return;
                case InviteSessionState.Calling or InviteSessionState.Early when Role == InviteSessionRole.Uac:
                    Cancel();
                    return;
                case InviteSessionState.Incoming or InviteSessionState.Early:
                    Reject(480);
                    return;
                default:
                    SendByeAndTerminate(TerminationReason.LocalBye, 200);
                    return;
            }
        }
    }

    /// <summary>Sends INFO (e.g. <c>application/dtmf-relay</c>); false when the session is not up.</summary>
    public bool SendInfo(string contentType, string body)
    {
        using (Enter())
        {
            if (!IsUp)
            {
                return false;
            }

            var request = Dialog!.CreateRequest(SipMethods.Info);
            request.Headers.Set(HeaderId.ContentType, contentType);
            request.Body = Encoding.UTF8.GetBytes(body);
            SendInDialog(request);
            return true;
        }
    }

    /// <summary>
    /// Sends REFER (RFC 3515) asking the peer to call <paramref name="referTo"/>; the final response comes in
    /// <see cref="ReferResponse"/> and the progress NOTIFYs in <see cref="NotifyReceived"/>.
    /// </summary>
    public bool Refer(NameAddress referTo, SipHeaders? extraHeaders = null)
    {
        using (Enter())
        {
            if (!IsUp)
            {
                return false;
            }

            var request = Dialog!.CreateRequest(SipMethods.Refer);
            request.Headers.Add(HeaderId.ReferTo, referTo.ToString());
            _core.AddUserAgentHeader(request);
            if (extraHeaders is not null)
            {
                for (int i = 0; i < extraHeaders.Count; i++)
                {
                    var id = extraHeaders.IdAt(i);
                    request.Headers.Insert(request.Headers.Count, id, extraHeaders.ValueAt(i), id == HeaderId.Unknown ? extraHeaders.NameAt(i) : null);
                }
            }

            SendInDialog(request);
            return true;
        }
    }

    /// <summary>
    /// Reports the progress of a REFER we accepted with 202 (RFC 3515 §2.4.5): <paramref name="sipfragStatusLine"/>
    /// such as <c>SIP/2.0 180 Ringing</c>, <paramref name="subscriptionState"/> such as <c>active;expires=60</c> or
    /// <c>terminated;reason=noresource</c>.
    /// </summary>
    public bool SendNotify(string sipfragStatusLine, string subscriptionState)
    {
        using (Enter())
        {
            if (!IsUp)
            {
                return false;
            }

            var request = Dialog!.CreateRequest(SipMethods.Notify);
            request.Headers.Add(HeaderId.Event, "refer");
            request.Headers.Add(HeaderId.SubscriptionState, subscriptionState);
            request.Headers.Add(HeaderId.ContentType, "message/sipfrag;version=2.0");
            request.Body = Encoding.UTF8.GetBytes(sipfragStatusLine.TrimEnd('\r', '\n') + "\r\n");
            SendInDialog(request);
            return true;
        }
    }

    /// <summary>A request in this dialog, routed here by the UA core after its generic checks.</summary>
    internal void OnRequest(ServerTransaction tx)
    {
        using (Enter())
        {
            var request = tx.Request;
            if (State == InviteSessionState.Terminated || Dialog is null || request.From.Tag != Dialog.RemoteTag)
            {
                Respond(tx, 481);
                return;
            }

            if (!Dialog.TryAcceptRemoteCSeq(request.CSeq.Number))
            {
                Respond(tx, 500, "CSeq Out Of Order");
                return;
            }

            try
            {
                Dispatch(tx, request);
            }
            catch (Exception e) when (e is not InvalidOperationException)
            {
                Log.HandlerThrew(_logger, CallId, e);
                if (tx.LastResponse is null || tx.LastResponse.IsProvisional)
                {
                    Respond(tx, 500);
                }
            }
        }
    }

    private bool IsUp => State is InviteSessionState.Confirmed or InviteSessionState.WaitingForAck && Dialog is not null;

    private void Dispatch(ServerTransaction tx, SipRequest request)
    {
        switch (request.Method)
        {
            case SipMethods.Bye:
                OnIncomingBye(tx);
                break;
            case SipMethods.Invite:
                OnIncomingReInvite(tx);
                break;
            case SipMethods.Update:
                OnIncomingUpdate(tx);
                break;
            case SipMethods.Info:
                Respond(tx, InfoHandler?.Invoke(this, request) ?? 200);
                break;
            case SipMethods.Options:
                var ok = CreateInDialogResponse(request, 200);
                ok.Headers.Add(HeaderId.Accept, "application/sdp");
                tx.SendResponse(ok);
                break;
            case SipMethods.Refer:
                if (request.GetNameAddresses(HeaderId.ReferTo) is not { Count: 1 })
                {
                    Respond(tx, 400, "Bad Refer-To");
                    break;
                }

                Respond(tx, ReferHandler?.Invoke(this, request) ?? 603);
                break;
            case SipMethods.Notify:
                Respond(tx, 200);
                Post(() => NotifyReceived?.Invoke(this, request));
                break;
            default:
                var notAllowed = CreateInDialogResponse(request, 405);
                tx.SendResponse(notAllowed);
                break;
        }
    }

    private void OnIncomingBye(ServerTransaction tx)
    {
        Respond(tx, 200);
        if (Role == InviteSessionRole.Uas && State is InviteSessionState.Incoming or InviteSessionState.Early)
        {
            // §15.1.2: a BYE on an early dialog also ends the INVITE, with 487.
            _serverInvite!.SendResponse(SipResponse.CreateFor(_initialRequest!, 487, null, LocalTag));
            _core.ForgetPendingInvite(_initialRequest!);
        }

        Log.RemoteBye(_logger, CallId);
        Terminate(TerminationReason.RemoteBye, 200);
    }

    private void OnIncomingUpdate(ServerTransaction tx)
    {
        var request = tx.Request;
        var offer = SdpOf(request);
        var response = CreateInDialogResponse(request, 200);
        if (offer is not null)
        {
            // RFC 3311 §5.2: an offer while one of ours is outstanding is glare.
            if (_reInvite?.Offer is not null || _ackExpectsAnswer)
            {
                Respond(tx, 491);
                return;
            }

            var answer = AnswerOffer(offer);
            if (answer is null)
            {
                Respond(tx, 488);
                return;
            }

            RemoteSdp = offer;
            LocalSdp = answer;
            SetSdp(response, answer);
        }

        Dialog!.RefreshTarget(request);
        if (State is InviteSessionState.Confirmed or InviteSessionState.WaitingForAck)
        {
            NegotiateAsUas(request, response);
        }

        tx.SendResponse(response);
    }

    private void OnUpdateResponse(SipResponse response)
    {
        if (response.IsProvisional || !_updateInFlight)
        {
            return;
        }

        _updateInFlight = false;
        bool wasRefresh = _refreshInFlight;
        _refreshInFlight = false;
        if (response.IsSuccess)
        {
            Dialog?.RefreshTarget(response);
            ApplyUacSessionTimer(response, initial: false);
        }
        else if (response.StatusCode is 408 or 481)
        {
            SendByeAndTerminate(wasRefresh ? TerminationReason.SessionExpired : TerminationReason.Timeout, response.StatusCode);
        }
    }

    /// <summary>Our answer to a peer's offer: the handler's, or for an unchanged offer (a refresh) our current SDP.</summary>
    private string? AnswerOffer(string offer)
    {
        if (OfferHandler is { } handler)
        {
            return handler(this, offer);
        }

        return string.Equals(offer, RemoteSdp, StringComparison.Ordinal) ? LocalSdp : null;
    }

    private void SendByeAndTerminate(TerminationReason reason, int statusCode)
    {
        if (State == InviteSessionState.Terminated)
        {
            return;
        }

        if (Dialog is not null && (_inviteAnswered || Role == InviteSessionRole.Uas) && Dialog.State != DialogState.Early)
        {
            var bye = Dialog.CreateRequest(SipMethods.Bye);
            if (reason == TerminationReason.SessionExpired)
            {
                bye.Headers.Add(HeaderId.Reason, "SIP;cause=408;text=\"Session expired\"");
            }

            _core.AddUserAgentHeader(bye);
            SendInDialog(bye);
        }

        Terminate(reason, statusCode);
    }

    /// <summary>Sends through the transaction layer to the flow override or the resolved next hop.</summary>
    private void SendInDialog(SipRequest request)
    {
        var dialog = Dialog!;
        if (dialog.TryGetDestination(out var destination))
        {
            _core.Transactions.SendRequest(request, destination, this);
        }
        else
        {
            _ = SendResolvedAsync(dialog, request);
        }
    }

    private async Task SendResolvedAsync(SipDialog dialog, SipRequest request)
    {
        try
        {
            var destination = await dialog.ResolveDestinationAsync().ConfigureAwait(false);
            _core.Transactions.SendRequest(request, destination, this);
        }
        catch (Exception e)
        {
            Log.TransportError(_logger, CallId, request.Method, e);
            OnRequestFailed(request, 503, TerminationReason.TransportError);
        }
    }

    private SipResponse CreateInDialogResponse(SipRequest request, int statusCode, string? reasonPhrase = null)
    {
        var response = SipResponse.CreateFor(request, statusCode, reasonPhrase);
        if (statusCode is >= 200 and < 300 && request.Method is SipMethods.Invite or SipMethods.Update)
        {
            response.Headers.Add(HeaderId.Contact, Dialog!.LocalContact.ToString());
        }

        bool isCapabilityAnswer = statusCode is >= 200 and < 300 && request.Method is SipMethods.Invite or SipMethods.Update or SipMethods.Options;
        if (isCapabilityAnswer || statusCode == 405)
        {
            _core.AddCapabilities(response);
        }

        _core.AddServerHeaders(response);
        return response;
    }

    private void Respond(ServerTransaction tx, int statusCode, string? reasonPhrase = null, string? retryAfter = null)
    {
        var response = CreateInDialogResponse(tx.Request, statusCode, reasonPhrase);
        if (retryAfter is not null)
        {
            response.Headers.Add(HeaderId.RetryAfter, retryAfter);
        }

        tx.SendResponse(response);
    }
}
