using System.Globalization;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Dialogs;

public sealed partial class InviteSession
{
    private PendingReInvite? _reInvite;
    private TimerHandle _glareRetry;
    private bool _glarePending;
    private string? _glareOffer;
    private bool _glareIsRefresh;

    /// <summary>
    /// Sends a re-INVITE with <paramref name="sdp"/> as the offer, or without one (the peer offers in its 2xx and
    /// we answer in the ACK through <see cref="OfferHandler"/>). False when the session is not up or another
    /// INVITE is in progress (§14.1 allows one at a time); on 491 it retries by itself after the §14.1 back-off.
    /// </summary>
    public bool ReInvite(string? sdp)
    {
        using (Enter())
        {
            return StartReInvite(sdp, isRefresh: false);
        }
    }

    private bool StartReInvite(string? sdp, bool isRefresh)
    {
        if (State != InviteSessionState.Confirmed || _reInvite is not null || _ackWait is not null || _updateInFlight)
        {
            return false;
        }

        _glareRetry.Cancel();
        _glarePending = false;
        var request = Dialog!.CreateRequest(SipMethods.Invite);
        _core.AddCapabilities(request);
        _core.AddUserAgentHeader(request);
        AddSessionTimerHeaders(request, initial: false);
        SetSdp(request, sdp);
        _reInvite = new PendingReInvite(request.CSeq.Number, sdp, isRefresh);
        SentInvite = true;
        _refreshInFlight = isRefresh;
        SendInDialog(request);
        return true;
    }

    private void OnReInviteResponse(SipResponse response)
    {
        var pending = _reInvite;
        if (pending is null || response.CSeq.Number != pending.CSeq)
        {
            // A retransmitted 2xx of a re-INVITE we already ACKed.
            if (response.IsSuccess && response.CSeq.Number == _lastAckCSeq)
            {
                ResendAck();
            }

            return;
        }

        if (response.IsProvisional || State == InviteSessionState.Terminated)
        {
            return;
        }

        _reInvite = null;
        _refreshInFlight = false;
        if (response.IsSuccess)
        {
            Dialog!.RefreshTarget(response);
            var body = SdpOf(response);
            string? ackSdp = null;
            if (pending.Offer is not null)
            {
                LocalSdp = pending.Offer;
                if (body is not null)
                {
                    RemoteSdp = body;
                    Post(() => AnswerReceived?.Invoke(this, body));
                }
            }
            else if (body is not null)
            {
                ackSdp = AnswerOffer(body);
                RemoteSdp = body;
                LocalSdp = ackSdp ?? LocalSdp;
            }

            SendAck(pending.CSeq, ackSdp);
            ApplyUacSessionTimer(response, initial: false);
            Post(() => ReInviteCompleted?.Invoke(this, response));
            return;
        }

        switch (response.StatusCode)
        {
            case 491:
                ScheduleGlareRetry(pending);
                return;
            case 408 or 481:
                SendByeAndTerminate(pending.IsRefresh ? TerminationReason.SessionExpired : TerminationReason.Timeout, response.StatusCode);
                return;
            default:
                // The session goes on with the previous offer/answer (§14.1).
                Post(() => ReInviteCompleted?.Invoke(this, response));
                return;
        }
    }

    /// <summary>
    /// §14.1: after 491 the Call-ID owner waits 2.1–4 s, the other side 0–2 s, in 10 ms units, so the two ends
    /// do not collide again.
    /// </summary>
    private void ScheduleGlareRetry(PendingReInvite pending)
    {
        int units = Dialog!.IsCallIdOwner ? Random.Shared.Next(210, 401) : Random.Shared.Next(0, 201);
        var delay = TimeSpan.FromMilliseconds(units * 10);
        _glarePending = true;
        _glareOffer = pending.Offer;
        _glareIsRefresh = pending.IsRefresh;
        Log.GlareRetry(_logger, CallId, delay);
        _glareRetry = _core.Wheel.Schedule(delay, this, s_glareRetryTimer);
    }

    private void OnGlareRetryDue()
    {
        if (!_glarePending)
        {
            return;
        }

        _glarePending = false;
        if (!StartReInvite(_glareOffer, _glareIsRefresh))
        {
            // The peer's own re-INVITE is still running; try again after another back-off.
            ScheduleGlareRetry(new PendingReInvite(0, _glareOffer, _glareIsRefresh));
        }
    }

    private void OnIncomingReInvite(ServerTransaction tx)
    {
        var request = tx.Request;

        // §14.2: an INVITE while a lower-CSeq one still awaits our final response.
        if (State is InviteSessionState.Incoming || (State == InviteSessionState.Early && Role == InviteSessionRole.Uas))
        {
            Respond(tx, 500, null, Random.Shared.Next(0, 11).ToString(CultureInfo.InvariantCulture));
            return;
        }

        // §14.2 glare: our own INVITE (initial or re-) is pending, or our offer in a 2xx still awaits its ACK answer.
        if (_reInvite is not null || (Role == InviteSessionRole.Uac && !_inviteAnswered) || _ackExpectsAnswer)
        {
            Log.Glare(_logger, CallId);
            Respond(tx, 491);
            return;
        }

        // Our 2xx to the previous INVITE is not ACKed yet (RFC 5407 §3.1.5): ask the peer to come back shortly.
        if (_ackWait is not null)
        {
            Respond(tx, 500, null, Random.Shared.Next(0, 11).ToString(CultureInfo.InvariantCulture));
            return;
        }

        if (State != InviteSessionState.Confirmed)
        {
            Respond(tx, 481);
            return;
        }

        var offer = SdpOf(request);
        var response = CreateInDialogResponse(request, 200);
        if (offer is not null)
        {
            var answer = AnswerOffer(offer);
            if (answer is null)
            {
                Respond(tx, 488);
                return;
            }

            RemoteSdp = offer;
            LocalSdp = answer;
            SetSdp(response, answer);
            _ackExpectsAnswer = false;
        }
        else
        {
            // Offer-less re-INVITE: we must offer in the 2xx; a fresh offer, never blindly a cached answer.
            var ourOffer = OfferRequestHandler?.Invoke(this) ?? LocalSdp;
            LocalSdp = ourOffer;
            SetSdp(response, ourOffer);
            _ackExpectsAnswer = true;
        }

        Dialog!.RefreshTarget(request);
        NegotiateAsUas(request, response);
        tx.SendResponse(response);
        _ackWaitCSeq = request.CSeq.Number;
        _ackWait = _core.StartTwoXxRetransmitter(response, tx.Source, OnAckTimeout);
    }

    private sealed record PendingReInvite(uint CSeq, string? Offer, bool IsRefresh);
}
