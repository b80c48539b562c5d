using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;
using HotlineTelephony.Sip.UserAgents;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.Dialogs;

/// <summary>
/// The INVITE dialog usage for either role: the initial offer/answer, re-INVITE and UPDATE, BYE, INFO, REFER and
/// NOTIFY, glare handling and RFC 4028 session timers. A sans-IO state machine: messages come from the UA core,
/// time from the core's timer wheel; it sends through the transaction layer.
/// </summary>
/// <remarks>
/// Threading: every entry point takes the session's lock; events are raised after it is released, on the thread
/// that caused them, so a handler may call into this or another session (a B2BUA bridging two legs) without lock
/// ordering trouble. The value-returning handlers (<see cref="OfferHandler"/> and friends) run under the lock and
/// must not call into another session synchronously.
/// </remarks>
public sealed partial class InviteSession : ITimerCallback, IClientTransactionUser
{
    private static readonly object s_sessionRefreshTimer = new();
    private static readonly object s_sessionExpiryTimer = new();
    private static readonly object s_glareRetryTimer = new();

    private readonly SipUserAgentCore _core;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private int _lockDepth;
    private List<Action>? _outbox;
    private SipRemote? _flowOverride;

    private InviteSession(SipUserAgentCore core, InviteSessionRole role, string callId, string localTag)
    {
        _core = core;
        _logger = core.Logger;
        Role = role;
        CallId = callId;
        LocalTag = localTag;
    }

    /// <summary>Provisional response (not 100) to our INVITE; <see cref="RemoteSdp"/> holds early-media SDP if it carried some.</summary>
    public event Action<InviteSession, SipResponse>? Provisional;

    /// <summary>Our INVITE was answered with 2xx and we have sent the ACK.</summary>
    public event Action<InviteSession, SipResponse>? Answered;

    /// <summary>UAS: the ACK for our 2xx arrived; the session is up.</summary>
    public event Action<InviteSession>? Confirmed;

    /// <summary>
    /// The answer to an offer we made after the initial exchange arrived (2xx of our re-INVITE, or the ACK of a
    /// 2xx in which we offered).
    /// </summary>
    public event Action<InviteSession, string>? AnswerReceived;

    /// <summary>Our re-INVITE finished (2xx or a failure the session survives).</summary>
    public event Action<InviteSession, SipResponse>? ReInviteCompleted;

    /// <summary>Raised exactly once, when the session ends for any reason.</summary>
    public event Action<InviteSession, SessionTermination>? Terminated;

    /// <summary>A NOTIFY arrived in the dialog (for REFER, its sipfrag body reports the transfer's progress). Already answered 200.</summary>
    public event Action<InviteSession, SipRequest>? NotifyReceived;

    /// <summary>The final response to a REFER we sent.</summary>
    public event Action<InviteSession, SipResponse>? ReferResponse;

    /// <summary>
    /// Answers an SDP offer from the peer (re-INVITE, UPDATE, or the 2xx to our offer-less INVITE): return the
    /// answer, or null to refuse with 488. The media layer must apply RFC 3264 §6.1 for hold (sendonly → recvonly).
    /// When unset, only an offer identical to the last one (a pure session refresh) is accepted, answered with our
    /// current SDP; anything else gets 488, because re-sending a cached sendrecv to a hold offer breaks calls.
    /// </summary>
    public Func<InviteSession, string, string?>? OfferHandler { get; set; }

    /// <summary>Supplies our offer for an offer-less re-INVITE; when unset our current SDP is offered again.</summary>
    public Func<InviteSession, string?>? OfferRequestHandler { get; set; }

    /// <summary>Answers an INFO (e.g. application/dtmf-relay) with a status code; default 200.</summary>
    public Func<InviteSession, SipRequest, int>? InfoHandler { get; set; }

    /// <summary>Decides on an incoming REFER: 202 to accept (then report with <see cref="SendNotify"/>), or 4xx–6xx; default 603.</summary>
    public Func<InviteSession, SipRequest, int>? ReferHandler { get; set; }

    public InviteSessionRole Role { get; }

    public string CallId { get; }

    public string LocalTag { get; }

    /// <summary>The dialog once a response with a To tag was sent or received.</summary>
    public SipDialog? Dialog { get; private set; }

    public InviteSessionState State { get; private set; }

    /// <summary>Our current session description (offer or answer), reused for session refreshes.</summary>
    public string? LocalSdp { get; private set; }

    /// <summary>
    /// True once this session sent an INVITE (initial or re-INVITE): only then can a 2xx arrive after the end that
    /// must be ACKed, so only then does the core keep the ended session for 64·T1.
    /// </summary>
    internal bool SentInvite { get; private set; }

    /// <summary>The peer's current session description (its offer for a UAS, early or final answer for a UAC).</summary>
    public string? RemoteSdp { get; private set; }

    /// <summary>How the session ended, once <see cref="State"/> is <see cref="InviteSessionState.Terminated"/>.</summary>
    public SessionTermination? Termination { get; private set; }

    /// <summary>The negotiated session interval, or null when no session timer runs.</summary>
    public TimeSpan? SessionInterval => _sessionInterval > 0 ? TimeSpan.FromSeconds(_sessionInterval) : null;

    /// <summary>True when we send the session refreshes.</summary>
    public bool IsRefresher => _weRefresh;

    /// <summary>
    /// Where in-dialog requests go instead of the Contact/Route: the flow a NATed phone registered from. Set it
    /// before answering or right after creating an outgoing session.
    /// </summary>
    public SipRemote? FlowOverride
    {
        get => _flowOverride;
        set
        {
            using (Enter())
            {
                _flowOverride = value;
                if (Dialog is not null)
                {
                    Dialog.FlowOverride = value;
                }
            }
        }
    }

    /// <summary>Free slot for the application (the call or leg this session belongs to).</summary>
    public object? Tag { get; set; }

    internal DialogKey Key => new(CallId, LocalTag);

    /// <inheritdoc />
    void ITimerCallback.OnTimer(object? state)
    {
        using (Enter())
        {
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            if (ReferenceEquals(state, s_sessionRefreshTimer))
            {
                OnSessionRefreshDue();
            }
            else if (ReferenceEquals(state, s_sessionExpiryTimer))
            {
                OnSessionExpired();
            }
            else if (ReferenceEquals(state, s_glareRetryTimer))
            {
                OnGlareRetryDue();
            }
        }
    }

    /// <inheritdoc />
    void IClientTransactionUser.OnResponse(ClientTransaction tx, SipResponse response)
    {
        using (Enter())
        {
            var cseq = response.CSeq;
            if (cseq.Method == SipMethods.Invite)
            {
                if (cseq.Number == _inviteCSeq && Role == InviteSessionRole.Uac)
                {
                    OnInviteResponse(tx, response);
                }
                else
                {
                    OnReInviteResponse(response);
                }
            }
            else if (cseq.Method == SipMethods.Update)
            {
                OnUpdateResponse(response);
            }
            else if (cseq.Method == SipMethods.Refer && !response.IsProvisional)
            {
                Post(() => ReferResponse?.Invoke(this, response));
            }
        }
    }

    /// <inheritdoc />
    void IClientTransactionUser.OnTimeout(ClientTransaction tx) => OnRequestFailed(tx.Request, 408, TerminationReason.Timeout);

    /// <inheritdoc />
    void IClientTransactionUser.OnTransportError(ClientTransaction tx, Exception error)
    {
        Log.TransportError(_logger, CallId, tx.Request.Method, error);
        OnRequestFailed(tx.Request, 503, TerminationReason.TransportError);
    }

    /// <summary>
    /// Ends the session for <paramref name="reason"/>: timers stop, the dialog is marked terminated and the
    /// Terminated event is queued. Later calls do nothing, which keeps the event to exactly one.
    /// </summary>
    private void Terminate(TerminationReason reason, int statusCode, SipResponse? response = null)
    {
        if (State == InviteSessionState.Terminated)
        {
            return;
        }

        State = InviteSessionState.Terminated;
        Dialog?.Terminate();
        StopSessionTimer();
        _glareRetry.Cancel();
        _ackWait?.Stop();
        _ackWait = null;
        if (_serverInvite is not null && _initialRequest is not null)
        {
            // Nothing builds from the INVITE once the session is over; the core keeps the session 64·T1 longer,
            // so keep only the INVITE's identity and let its body and received bytes go with the call.
            _initialRequest = _initialRequest.CompactCopy();
        }

        var end = new SessionTermination(reason, statusCode, response);
        Termination = end;
        Log.Terminated(_logger, CallId, reason, statusCode);
        _core.Release(this);
        Post(() =>
        {
            var terminated = Terminated;
            ForgetCallbacks();
            terminated?.Invoke(this, end);
        });
    }

    /// <summary>
    /// Nothing is raised after Terminated, but the core keeps an ended session for 64·T1 to answer stragglers;
    /// dropping the application's handlers lets its per-call state (media, recordings) go at once.
    /// </summary>
    private void ForgetCallbacks()
    {
        Provisional = null;
        Answered = null;
        Confirmed = null;
        AnswerReceived = null;
        ReInviteCompleted = null;
        Terminated = null;
        NotifyReceived = null;
        ReferResponse = null;
        OfferHandler = null;
        OfferRequestHandler = null;
        InfoHandler = null;
        ReferHandler = null;
        Tag = null;
    }

    private void OnRequestFailed(SipRequest request, int statusCode, TerminationReason reason)
    {
        using (Enter())
        {
            if (State == InviteSessionState.Terminated)
            {
                return;
            }

            var method = request.Method;
            if (method == SipMethods.Invite && Role == InviteSessionRole.Uac && request.CSeq.Number == _inviteCSeq && !_inviteAnswered)
            {
                Terminate(_cancelRequested ? TerminationReason.Cancel : reason, _cancelRequested ? 487 : statusCode);
            }
            else if (method is SipMethods.Invite or SipMethods.Update)
            {
                // A re-INVITE or UPDATE that got nothing back means the peer or the path is gone (§14.1 treats 408 like 481).
                _reInvite = null;
                _updateInFlight = false;
                SendByeAndTerminate(_refreshInFlight ? TerminationReason.SessionExpired : reason, statusCode);
            }
            else if (method == SipMethods.Refer)
            {
                var synthetic = SipResponse.CreateFor(request, statusCode);
                Post(() => ReferResponse?.Invoke(this, synthetic));
            }
        }
    }

    private Scope Enter()
    {
        _lock.Enter();
        _lockDepth++;
        return new Scope(this);
    }

    private void Leave()
    {
        List<Action>? run = null;
        if (--_lockDepth == 0)
        {
            run = _outbox;
            _outbox = null;
        }

        _lock.Exit();
        if (run is null)
        {
            return;
        }

        foreach (var action in run)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                // A faulty handler must not leave the protocol state half-updated or skip the other events.
                Log.HandlerThrew(_logger, CallId, e);
            }
        }
    }

    /// <summary>Queues an event to raise once the lock is released.</summary>
    private void Post(Action action) => (_outbox ??= []).Add(action);

    private readonly ref struct Scope(InviteSession session)
    {
        public void Dispose() => session.Leave();
    }
}
