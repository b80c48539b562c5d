using System.Globalization;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Sip.Dialogs;

public sealed partial class InviteSession
{
    // Retrying after 422 more than this means the peer keeps raising its floor; give up rather than loop.
    private const int MaxSessionTimerRetries = 2;

    private SipRequest? _initialRequest;
    private ClientInviteTransaction? _clientInvite;
    private SipRemote _destination;
    private SipUri? _target;
    private NameAddress? _from;
    private NameAddress? _to;
    private SipHeaders? _extraHeaders;
    private uint _inviteCSeq;
    private bool _offerless;
    private bool _inviteAnswered;
    private bool _cancelRequested;
    private bool _cancelSent;
    private string? _cancelReason;
    private string? _remoteSdpTag;
    private int _sessionTimerRetries;

    // The last ACK we sent for a 2xx, resent when that 2xx is retransmitted (§13.2.2.4).
    private SipRequest? _lastAck;
    private uint _lastAckCSeq;

    internal static InviteSession CreateOutgoing(
        SipUserAgentCore core,
        SipUri target,
        SipRemote destination,
        NameAddress from,
        NameAddress to,
        string? sdpOffer,
        SipHeaders? extraHeaders)
    {
        var session = new InviteSession(core, InviteSessionRole.Uac, SipRandomIds.NewCallId(), SipRandomIds.NewTag());
        session._destination = destination;
        session._target = target;
        session._from = from.WithTag(session.LocalTag);
        session._to = to.Tag is null ? to : to.WithParameter("tag", null);
        session._extraHeaders = extraHeaders;
        session._offerless = sdpOffer is null;
        session.LocalSdp = sdpOffer;
        session._minSe = (int)core.Options.MinSessionExpires.TotalSeconds;
        session._requestedSe = (int)core.Options.SessionExpires.TotalSeconds;
        session.State = InviteSessionState.Calling;
        return session;
    }

    /// <summary>
    /// UAC: cancels our INVITE before its final response (§9.1). Sent once a provisional has arrived, as the RFC
    /// requires; the session ends on the 487 (or, if a 2xx crosses the CANCEL, after ACK and BYE).
    /// </summary>
    /// <param name="reason">A Reason header value for the CANCEL, e.g. <c>SIP;cause=200;text="Call completed elsewhere"</c>.</param>
    public void Cancel(string? reason = null)
    {
        using (Enter())
        {
            if (Role != InviteSessionRole.Uac || _inviteAnswered || _cancelRequested || State == InviteSessionState.Terminated)
            {
                return;
            }

            _cancelRequested = true;
            _cancelReason = reason;

            // The transaction layer holds the CANCEL until a provisional has arrived, as §9.1 requires.
            SendCancelNow();
        }
    }

    internal void StartOutgoing()
    {
        using (Enter())
        {
            SendInvite();
        }
    }

    /// <summary>A 2xx that outlived its INVITE transaction: ACK it again, or ACK and BYE a fork we did not take.</summary>
    internal void OnStray2xx(SipResponse response)
    {
        using (Enter())
        {
            if (Dialog is not null && response.To.Tag == Dialog.RemoteTag)
            {
                if (response.CSeq.Number == _lastAckCSeq)
                {
                    ResendAck();
                }
            }
            else if (_initialRequest is not null && response.CSeq.Number == _inviteCSeq)
            {
                AckAndByeFork(response);
            }
        }
    }

    private void SendInvite()
    {
        _inviteCSeq = _inviteCSeq == 0 ? 1 : _inviteCSeq + 1;
        var headers = new SipHeaders();
        bool extraMaxForwards = _extraHeaders?.Contains(HeaderId.MaxForwards) == true;
        if (!extraMaxForwards)
        {
            headers.Add(HeaderId.MaxForwards, "70");
        }

        headers.Add(HeaderId.From, _from!.ToString());
        headers.Add(HeaderId.To, _to!.ToString());
        headers.Add(HeaderId.CallId, CallId);
        headers.Add(HeaderId.CSeq, _inviteCSeq.ToString(CultureInfo.InvariantCulture) + " " + SipMethods.Invite);
        headers.Add(HeaderId.Contact, _core.ContactFor(_destination.Transport).ToString());
        var request = new SipRequest(SipMethods.Invite, _target!, headers);
        _core.AddCapabilities(request);
        _core.AddUserAgentHeader(request);
        AddSessionTimerHeaders(request, initial: true);
        if (_extraHeaders is not null)
        {
            for (int i = 0; i < _extraHeaders.Count; i++)
            {
                var id = _extraHeaders.IdAt(i);
                request.Headers.Insert(request.Headers.Count, id, _extraHeaders.ValueAt(i), id == HeaderId.Unknown ? _extraHeaders.NameAt(i) : null);
            }
        }

        SetSdp(request, LocalSdp);
        _initialRequest = request;
        SentInvite = true;
        Log.Inviting(_logger, CallId, _target!.ToString(), _destination.ToString());
        _clientInvite = (ClientInviteTransaction)_core.Transactions.SendRequest(request, _destination, this);
    }

    private void OnInviteResponse(ClientTransaction tx, SipResponse response)
    {
        int code = response.StatusCode;
        if (code == 100)
        {
            return;
        }

        if (code < 200)
        {
            OnInviteProvisional(response);
            return;
        }

        if (response.IsSuccess)
        {
            OnInvite2xx(response);
            return;
        }

        if (_inviteAnswered || State == InviteSessionState.Terminated || !ReferenceEquals(tx, _clientInvite))
        {
            return;
        }

        if (code == 422 && !_cancelRequested && _sessionTimerRetries < MaxSessionTimerRetries &&
            response.GetIntHeader(HeaderId.MinSE) is { } peerMin && peerMin > _minSe)
        {
            // RFC 4028 §7.4: retry with the peer's floor; same Call-ID and tag, next CSeq.
            _sessionTimerRetries++;
            _minSe = peerMin;
            _requestedSe = Math.Max(_requestedSe, peerMin);
            Dialog = null;
            State = InviteSessionState.Calling;
            SendInvite();
            return;
        }

        Terminate(_cancelRequested ? TerminationReason.Cancel : TerminationReason.Rejected, code, response);
    }

    private void OnInviteProvisional(SipResponse response)
    {
        if (State == InviteSessionState.Terminated || _inviteAnswered)
        {
            return;
        }

        if (_cancelRequested)
        {
            return;
        }

        var tag = response.To.Tag;
        if (tag is not null && Dialog is null)
        {
            Dialog = SipDialog.CreateUac(_initialRequest!, response, _core.ContactFor(_destination.Transport));
            Dialog.FlowOverride = _flowOverride;
            State = InviteSessionState.Early;
        }
        else if (tag is not null && Dialog!.RemoteTag == tag)
        {
            Dialog.RefreshTarget(response);
        }

        // Without 100rel the first SDP is the answer (RFC 3261 §13.2.1); later copies are ignored.
        if (RemoteSdp is null && SdpOf(response) is { } sdp)
        {
            RemoteSdp = sdp;
            _remoteSdpTag = tag;
        }

        Post(() => Provisional?.Invoke(this, response));
    }

    private void OnInvite2xx(SipResponse response)
    {
        var tag = response.To.Tag ?? string.Empty;
        if (_inviteAnswered)
        {
            if (Dialog is not null && Dialog.RemoteTag == tag)
            {
                ResendAck();
            }
            else
            {
                AckAndByeFork(response);
            }

            return;
        }

        if (State == InviteSessionState.Terminated)
        {
            AckAndByeFork(response);
            return;
        }

        _inviteAnswered = true;
        if (Dialog is null || Dialog.RemoteTag != tag)
        {
            Dialog = SipDialog.CreateUac(_initialRequest!, response, _core.ContactFor(_destination.Transport));
            Dialog.FlowOverride = _flowOverride;
        }
        else
        {
            Dialog.Confirm(response, fromUac: true);
        }

        _peerAllowsUpdate = AllowsMethod(response, SipMethods.Update);
        var body = SdpOf(response);
        string? ackSdp = null;
        bool answerFailed = false;
        if (_offerless)
        {
            if (body is not null)
            {
                RemoteSdp = body;
                ackSdp = OfferHandler?.Invoke(this, body);
                LocalSdp = ackSdp;
            }

            answerFailed = ackSdp is null;
        }
        else if (body is not null && (RemoteSdp is null || _remoteSdpTag != tag))
        {
            RemoteSdp = body;
            _remoteSdpTag = tag;
        }

        SendAck(_inviteCSeq, ackSdp);
        if (_cancelRequested)
        {
            // The 2xx crossed our CANCEL: the call exists, so it must be ACKed and hung up (§9.1).
            SendByeAndTerminate(TerminationReason.Cancel, 487);
            return;
        }

        if (answerFailed)
        {
            Log.NoAnswerForOffer(_logger, CallId);
            SendByeAndTerminate(TerminationReason.Rejected, 488);
            return;
        }

        State = InviteSessionState.Confirmed;
        ApplyUacSessionTimer(response, initial: true);
        Log.Answered(_logger, CallId);
        Post(() => Answered?.Invoke(this, response));
    }

    private void SendCancelNow()
    {
        if (_cancelSent || _clientInvite is null)
        {
            return;
        }

        _cancelSent = true;
        _core.SendCancel(_clientInvite, _cancelReason);
    }

    private void SendAck(uint cseq, string? sdp)
    {
        var ack = Dialog!.CreateAck(cseq);
        _core.AddUserAgentHeader(ack);
        SetSdp(ack, sdp);
        _lastAck = ack;
        _lastAckCSeq = cseq;
        _core.SendStateless(ack, Dialog);
    }

    private void ResendAck()
    {
        if (_lastAck is not null && Dialog is not null)
        {
            _core.SendStateless(_lastAck, Dialog);
        }
    }

    /// <summary>A second 2xx from another fork (§13.2.2.4): it made a dialog we do not want; ACK it, then BYE it.</summary>
    private void AckAndByeFork(SipResponse response)
    {
        var fork = SipDialog.CreateUac(_initialRequest!, response, _core.ContactFor(_destination.Transport));
        Log.ForkReleased(_logger, CallId, fork.RemoteTag);
        var ack = fork.CreateAck(response.CSeq.Number);
        _core.SendStateless(ack, fork);
        var bye = fork.CreateRequest(SipMethods.Bye);
        _core.SendDetached(bye, fork);
    }
}
