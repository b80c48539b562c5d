using System.Text;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Sip.Dialogs;

public sealed partial class InviteSession
{
    private ServerInviteTransaction? _serverInvite;

    // The 2xx (initial or re-INVITE) waiting for its ACK, and what that ACK must carry.
    private TwoXxRetransmitter? _ackWait;
    private uint _ackWaitCSeq;
    private bool _ackExpectsAnswer;

    /// <summary>The INVITE server transaction of a UAS session, for the core's bookkeeping.</summary>
    internal ServerInviteTransaction? ServerInvite => _serverInvite;

    internal static InviteSession CreateIncoming(SipUserAgentCore core, ServerInviteTransaction transaction)
    {
        var request = transaction.Request;
        var session = new InviteSession(core, InviteSessionRole.Uas, request.CallId ?? string.Empty, SipRandomIds.NewTag())
        {
            _serverInvite = transaction,
            _initialRequest = request,
            State = InviteSessionState.Incoming,
            RemoteSdp = SdpOf(request),
            _peerAllowsUpdate = AllowsMethod(request, SipMethods.Update),
        };
        return session;
    }

    /// <summary>UAS: sends 180/183 with our To tag (creating the early dialog), with SDP for early media.</summary>
    public void SendProvisional(int statusCode = 180, string? sdp = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 101);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 199);
        using (Enter())
        {
            // A CANCEL may have crossed the application's decision; nothing left to do then.
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            RequireUasBeforeFinal();
            var response = CreateUasResponse(statusCode, null);
            if (sdp is not null)
            {
                SetSdp(response, sdp);
                LocalSdp = sdp;
            }

            EnsureUasDialog(confirmed: false);
            State = InviteSessionState.Early;
            _serverInvite!.SendResponse(response);
        }
    }

    /// <summary>
    /// UAS: sends 200 with our Contact and <paramref name="sdp"/> (the answer, or our offer when the INVITE had none)
    /// and retransmits it until the ACK; no ACK in 64*T1 ends the call with BYE.
    /// </summary>
    public void Accept(string? sdp)
    {
        using (Enter())
        {
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            RequireUasBeforeFinal();
            var request = _initialRequest!;
            var response = CreateUasResponse(200, null);
            _ackExpectsAnswer = RemoteSdp is null;
            if (sdp is not null)
            {
                SetSdp(response, sdp);
            }

            LocalSdp = sdp;
            NegotiateAsUas(request, response);
            EnsureUasDialog(confirmed: true);
            Dialog!.Confirm(request, fromUac: false);
            State = InviteSessionState.WaitingForAck;
            _core.ForgetPendingInvite(request);
            _serverInvite!.SendResponse(response);
            StartAckWait(response, request.CSeq.Number);
            Log.Answered(_logger, CallId);
        }
    }

    /// <summary>UAS: sends a final 3xx–6xx and ends the session.</summary>
    public void Reject(int statusCode, string? reasonPhrase = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        using (Enter())
        {
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            RequireUasBeforeFinal();
            var response = SipResponse.CreateFor(_initialRequest!, statusCode, reasonPhrase, LocalTag);
            if (headers is not null)
            {
                foreach (var (name, value) in headers)
                {
                    response.Headers.Add(name, value);
                }
            }

            _core.AddServerHeaders(response);
            _core.ForgetPendingInvite(_initialRequest!);
            _serverInvite!.SendResponse(response);
            Terminate(TerminationReason.Rejected, statusCode, response);
        }
    }

    /// <summary>The layer answered a CANCEL (200) and the INVITE (487) already; the session just ends.</summary>
    internal void OnCancelled()
    {
        using (Enter())
        {
            if (State is InviteSessionState.Incoming or InviteSessionState.Early)
            {
                _core.ForgetPendingInvite(_initialRequest!);
                Terminate(TerminationReason.Cancel, 487);
            }
        }
    }

    /// <summary>An ACK for a 2xx we sent (initial INVITE or re-INVITE).</summary>
    internal void OnAck(SipRequest ack)
    {
        using (Enter())
        {
            // A retransmitted ACK, or one for a 2xx we no longer track, changes nothing.
            if (_ackWait is null || ack.CSeq.Number != _ackWaitCSeq || State == InviteSessionState.Terminated)
            {
                return;
            }

            _ackWait.Stop();
            _ackWait = null;
            Dialog?.RefreshTarget(ack);
            if (_ackExpectsAnswer)
            {
                _ackExpectsAnswer = false;
                if (SdpOf(ack) is { } answer)
                {
                    RemoteSdp = answer;
                    Post(() => AnswerReceived?.Invoke(this, answer));
                }
                else
                {
                    Log.AckWithoutAnswer(_logger, CallId);
                }
            }

            if (State == InviteSessionState.WaitingForAck)
            {
                State = InviteSessionState.Confirmed;
                Log.Confirmed(_logger, CallId);
                Post(() => Confirmed?.Invoke(this));
            }
        }
    }

    private void StartAckWait(SipResponse response, uint cseq)
    {
        _ackWaitCSeq = cseq;
        _ackWait = _core.StartTwoXxRetransmitter(response, _serverInvite!.Source, OnAckTimeout);
    }

    private void OnAckTimeout()
    {
        using (Enter())
        {
            if (_ackWait is null || State == InviteSessionState.Terminated)
            {
                return;
            }

            _ackWait = null;
            Log.AckTimeout(_logger, CallId);
            SendByeAndTerminate(TerminationReason.AckTimeout, 408);
        }
    }

    private void RequireUasBeforeFinal()
    {
        if (Role != InviteSessionRole.Uas || State is not (InviteSessionState.Incoming or InviteSessionState.Early))
        {
            ThrowHelper.ThrowInvalidOperation($"The INVITE of {CallId} is not waiting for a UAS decision (state {State}).");
        }
    }

    private void EnsureUasDialog(bool confirmed)
    {
        if (Dialog is null)
        {
            Dialog = SipDialog.CreateUas(_initialRequest!, LocalTag, _core.ContactFor(_serverInvite!.Source.Transport), confirmed);
            Dialog.FlowOverride = _flowOverride;
        }
    }

    /// <summary>A 1xx/2xx to the initial INVITE: our tag, Record-Route copied (§12.1.1), Contact, capabilities.</summary>
    private SipResponse CreateUasResponse(int statusCode, string? reasonPhrase)
    {
        var request = _initialRequest!;
        var response = SipResponse.CreateFor(request, statusCode, reasonPhrase, LocalTag);
        foreach (var rr in request.Headers.GetValues(HeaderId.RecordRoute))
        {
            response.Headers.Add(HeaderId.RecordRoute, rr);
        }

        response.Headers.Add(HeaderId.Contact, _core.ContactFor(_serverInvite!.Source.Transport).ToString());
        _core.AddCapabilities(response);
        _core.AddServerHeaders(response);
        return response;
    }

    internal static string? SdpOf(SipMessage message)
    {
        if (message.Body.IsEmpty)
        {
            return null;
        }

        var type = message.ContentType;
        if (type is not null && !type.TrimStart().StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Encoding.UTF8.GetString(message.Body.Span);
    }

    internal static void SetSdp(SipMessage message, string? sdp)
    {
        if (sdp is null)
        {
            return;
        }

        message.Headers.Set(HeaderId.ContentType, "application/sdp");
        message.Body = Encoding.UTF8.GetBytes(sdp);
    }

    private static bool AllowsMethod(SipMessage message, string method)
    {
        foreach (var allowed in message.Headers.GetValues(HeaderId.Allow))
        {
            if (allowed.Trim().Equals(method, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
