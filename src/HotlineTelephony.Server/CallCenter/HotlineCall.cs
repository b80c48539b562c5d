using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Dtmf;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Prompts;
using HotlineTelephony.Media.Rtp;
using HotlineTelephony.Media.Sdp;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Server.Calls;
using HotlineTelephony.Server.Sip;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// The SIP and media side of one call to the hotline: the caller's answered dialog, what the caller hears (welcome,
/// music, announcements), the agent's ringing and answered dialog, and the bridge between them. It takes orders from
/// the call's grain (through <see cref="SipCallTelephony"/>) and reports what the phones do as events; it decides
/// nothing about queueing. What the caller hears is one source at a time, swapped on the call's bridge.
/// </summary>
internal sealed partial class HotlineCall
{
    private static readonly TimeSpan PauseBeforeMusic = TimeSpan.FromSeconds(1);

    private readonly IncomingInvite _invite;
    private readonly CallMedia _media;
    private readonly SipStack _stack;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<EmergencyTransferNote> _emergencyTransfers = [];
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _welcomeFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MediaLeg? _caller;
    private IMediaPort? _source;
    private InviteSession? _agentSession;
    private MediaLeg? _agentLeg;
    private TaskCompletionSource<OfferOutcome>? _ringing;
    private bool _announcing;
    private bool _ended;

    public HotlineCall(IncomingInvite invite, CallMedia media, SipStack stack, string? trunk, ILogger logger)
    {
        _invite = invite;
        _media = media;
        _stack = stack;
        _logger = logger;
        CallId = invite.Request.CallId ?? media.CallId;
        CallerNumber = invite.Request.From.Uri.User ?? invite.Request.From.Uri.ToString();
        DialledNumber = invite.Request.RequestUri.UnescapedUser ?? string.Empty;
        Trunk = trunk;
    }

    /// <summary>Raised once when the caller's side ends (hang-up, timeout, or our BYE).</summary>
    public event Action<HotlineCall>? CallerHungUp;

    /// <summary>Raised when the agent's answered dialog ends from the agent's side.</summary>
    public event Action<HotlineCall, string>? AgentHungUp;

    /// <summary>Raised once after the call ended and its media closed: the recording (if any) and every leg's RTP statistics.</summary>
    public event Action<HotlineCall, RecordingInfo?, IReadOnlyList<MediaLeg>>? Closed;

    /// <summary>A key pressed by the caller (RFC 4733, SIP INFO or in-band), once per press.</summary>
    public event Action<HotlineCall, char>? CallerDigit;

    /// <summary>A key pressed by the connected agent (feature codes during the call).</summary>
    public event Action<HotlineCall, char>? AgentDigit;

    public string CallId { get; }

    public string CallerNumber { get; }

    public string DialledNumber { get; }

    public string? Trunk { get; }

    public DateTimeOffset ArrivedAt { get; } = DateTimeOffset.UtcNow;

    public string? ConnectedAgentId { get; private set; }

    /// <summary>When the first agent answered (null until then).</summary>
    public DateTimeOffset? AgentAnsweredAt { get; private set; }

    /// <summary>The agent who answered first, kept after they leave, for the call record.</summary>
    public string? AnsweringAgentId { get; private set; }

    public string? QueueId { get; set; }

    public string? IncidentReference { get; set; }

    public bool IsEnded => Volatile.Read(ref _ended);

    /// <summary>Completes when the caller's dialog is confirmed (ACK received) and the welcome has started.</summary>
    public Task Answered => _answered.Task;

    public CallMedia Media => _media;

    /// <summary>The first ticket (工单) created from this call, written to its call record.</summary>
    public string? TicketId { get; set; }

    /// <summary>The call's one-key emergency transfers so far, oldest first.</summary>
    public IReadOnlyList<EmergencyTransferNote> EmergencyTransfers
    {
        get
        {
            lock (_lock)
            {
                return [.. _emergencyTransfers];
            }
        }
    }

    public void NoteEmergencyTransfer(EmergencyTransferNote transfer)
    {
        lock (_lock)
        {
            _emergencyTransfers.Add(transfer);
        }
    }

    public void NoteEmergencyTransferOutcome(string transferId, string outcome, DateTimeOffset at)
    {
        lock (_lock)
        {
            int i = _emergencyTransfers.FindIndex(t => t.TransferId == transferId);
            if (i >= 0)
            {
                _emergencyTransfers[i] = _emergencyTransfers[i] with { Outcome = outcome, OutcomeAt = at };
            }
        }
    }

    /// <summary>
    /// Answers the caller with our media leg; false when the caller offers no G.711 (488) or every RTP port is in use
    /// (503 with Retry-After: the centre is full, the caller's network may retry or route elsewhere).
    /// </summary>
    public bool Answer()
    {
        var session = _invite.Session;
        MediaLeg caller;
        try
        {
            caller = _media.AddLeg("caller");
        }
        catch (RtpPortsExhaustedException e)
        {
            CallMediaLog.PortsExhausted(_logger, CallId, e.Message);
            session.Terminated += (_, termination) => OnCallerTerminated(termination);
            _invite.Reject(503, "Media Ports Exhausted", [new("Retry-After", "5")]);
            return false;
        }

        _caller = caller;
        caller.Digit += OnCallerDigit;
        caller.TimedOut += _ => session.Bye();
        session.OfferHandler = (_, offer) => OnCallerReOffer(caller, offer);
        session.OfferRequestHandler = _ => caller.CreateOffer();
        session.InfoHandler = (_, request) => caller.AcceptSipInfo(request.ContentType, System.Text.Encoding.UTF8.GetString(request.Body.Span)) ? 200 : 415;
        session.AnswerReceived += (_, sdp) => caller.ApplyAnswer(sdp);
        session.Confirmed += _ => StartWelcome();
        session.Terminated += (_, termination) => OnCallerTerminated(termination);

        if (_invite.Offer is null)
        {
            _participants.Add(new CallParticipant("caller", _invite.Request.From.Uri.ToString(), DateTimeOffset.UtcNow));
            _invite.Accept(caller.CreateOffer());
            return true;
        }

        var answer = caller.Answer(_invite.Offer);
        if (answer is null)
        {
            _invite.Reject(488, "Not Acceptable Here", [new("Warning", "305 hotline \"Incompatible media format\"")]);
            return false;
        }

        _invite.Accept(answer);
        lock (_lock)
        {
            _participants.Add(new CallParticipant("caller", _invite.Request.From.Uri.ToString(), DateTimeOffset.UtcNow));
        }

        return true;
    }

    /// <summary>Plays the announcement's prompts to a waiting caller, then music again. Skipped once an agent is connected.</summary>
    public async Task AnnounceAsync(IReadOnlyList<AudioClip> clips, CancellationToken cancellationToken)
    {
        if (clips.Count == 0)
        {
            return;
        }

        // Announcements never cut the welcome short; they wait for it (and its pause) to end.
        await _welcomeFinished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);

        var played = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var player = new PlayerPort("announcement", Concatenate(clips));
        player.Finished += (_, _) => played.TrySetResult();
        lock (_lock)
        {
            if (_ended || ConnectedAgentId is not null || _ringing is not null)
            {
                return;
            }

            _announcing = true;
            SetSourceLocked(player);
        }

        try
        {
            await played.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _announcing = false;
                if (!_ended && ConnectedAgentId is null && ReferenceEquals(_source, player))
                {
                    SetSourceLocked(new MusicOnHold("queue-music"));
                }
            }
        }
    }

    /// <summary>
    /// Rings the agent's phone (its first registered contact) with our offer; the caller keeps hearing music. On
    /// answer the caller and agent are bridged; otherwise the outcome says why not.
    /// </summary>
    public async Task<OfferOutcome> RingAgentAsync(string agentId, string extension, TimeSpan ringTimeout, CancellationToken cancellationToken)
    {
        var bindings = await _stack.Locations.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        if (bindings.Count == 0)
        {
            return OfferOutcome.Unreachable;
        }

        var binding = bindings[0];
        var ringing = new TaskCompletionSource<OfferOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        MediaLeg agentLeg;
        lock (_lock)
        {
            if (_ended)
            {
                return OfferOutcome.CallGone;
            }

            if (_ringing is not null || ConnectedAgentId is not null)
            {
                throw new InvalidOperationException($"Call {CallId} is already ringing or connected to an agent.");
            }

            _ringing = ringing;
            agentLeg = _media.AddLeg("agent " + agentId);
            _agentLeg = agentLeg;
        }

        var from = new NameAddress(_invite.Request.From.Uri, _invite.Request.From.DisplayName);
        var extra = new SipHeaders();
        extra.Add("X-Hotline-Call-Id", CallId);
        extra.Add("X-Hotline-Dialled", DialledNumber);
        var session = _stack.UserAgent.Invite(binding.Uri, binding.Flow, from, new NameAddress(binding.Uri), agentLeg.CreateOffer(), extra, leg =>
        {
            leg.FlowOverride = binding.Flow;
            leg.Answered += (s, _) => OnAgentAnswered(agentId, s);
            leg.Terminated += (s, termination) => OnAgentTerminated(agentId, s, termination);
        });
        lock (_lock)
        {
            _agentSession = session;
        }

        using var timeout = new CancellationTokenSource(ringTimeout);
        using var registration = timeout.Token.Register(() => CancelRinging(OfferOutcome.NoAnswer));
        using var outer = cancellationToken.Register(() => CancelRinging(OfferOutcome.CallGone));
        var outcome = await ringing.Task.ConfigureAwait(false);
        if (outcome != OfferOutcome.Answered)
        {
            await _media.RemoveLegAsync(agentLeg).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Puts the caller on hold with music (the agent's "hold" button on the desktop); false without a connected agent.</summary>
    public bool HoldCaller()
    {
        lock (_lock)
        {
            if (_ended || ConnectedAgentId is null || _callerHeld || _caller?.Port is not { } callerPort)
            {
                return false;
            }

            _media.Bridge.Hold(callerPort, new MusicOnHold("hold-music"));
            _callerHeld = true;
            return true;
        }
    }

    public bool ResumeCaller()
    {
        lock (_lock)
        {
            if (_ended || !_callerHeld || _thirdSession is not null || _caller?.Port is not { } callerPort)
            {
                return false;
            }

            _media.Bridge.Resume(callerPort);
            _callerHeld = false;
            return true;
        }
    }

    /// <summary>Ends the call from our side: BYE (or CANCEL) to the agent and BYE to the caller.</summary>
    public void HangUp(string reason)
    {
        InviteSession? agent;
        lock (_lock)
        {
            agent = _agentSession;
        }

        LogHangUp(_logger, CallId, reason);
        agent?.Cancel();
        agent?.Bye();
        _invite.Session.Bye();
    }

    private void StartWelcome()
    {
        if (_caller is not { } caller)
        {
            return;
        }

        var request = _invite.Request;
        _media.StartRecording(caller, [request.From.Uri.ToString(), request.RequestUri.ToString()]);
        var welcome = new PlayerPort("welcome", _media.Engine.Prompts.Get(PromptId.Welcome).Samples);
        welcome.Finished += (_, _) => _ = MusicAfterWelcomeAsync(welcome);
        lock (_lock)
        {
            if (!_ended && ConnectedAgentId is null)
            {
                SetSourceLocked(welcome);
            }
        }

        _answered.TrySetResult();
    }

    private async Task MusicAfterWelcomeAsync(PlayerPort welcome)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_source, welcome))
            {
                SetSourceLocked(null);
            }
        }

        // A breath between the words and the music, as an announcement would have.
        await Task.Delay(PauseBeforeMusic).ConfigureAwait(false);
        lock (_lock)
        {
            if (!_ended && ConnectedAgentId is null && _source is null && !_announcing)
            {
                SetSourceLocked(new MusicOnHold("queue-music"));
            }
        }

        _welcomeFinished.TrySetResult();
    }

    private void OnAgentAnswered(string agentId, InviteSession session)
    {
        bool bridged = false;
        lock (_lock)
        {
            if (!_ended && _ringing is { } ringing && _agentLeg is { } agentLeg && session.RemoteSdp is { } sdp
                && agentLeg.ApplyAnswer(sdp) && _caller?.Port is { } callerPort && agentLeg.Port is { } agentPort)
            {
                // The agent greets the caller at once: whatever the caller was hearing stops, the welcome too.
                SetSourceLocked(null);
                _welcomeFinished.TrySetResult();
                _media.Bridge.Bridge(callerPort, agentPort);
                ConnectedAgentId = agentId;
                AnsweringAgentId ??= agentId;
                AgentAnsweredAt ??= DateTimeOffset.UtcNow;
                _ringing = null;
                _participants.Add(new CallParticipant("agent " + agentId, session.Dialog?.RemoteUri?.ToString() ?? "", DateTimeOffset.UtcNow));
                bridged = ringing.TrySetResult(OfferOutcome.Answered);
                agentLeg.Digit += OnAgentDigit;
                agentLeg.TimedOut += _ => session.Bye();
                session.OfferHandler = (_, offer) => OnAgentReOffer(agentLeg, offer);
                session.InfoHandler = (_, request) => agentLeg.AcceptSipInfo(request.ContentType, System.Text.Encoding.UTF8.GetString(request.Body.Span)) ? 200 : 415;
            }
        }

        if (bridged)
        {
            LogAgentConnected(_logger, CallId, agentId);
        }
        else
        {
            // The caller left (or the answer was unusable) while the agent was picking up.
            session.Bye();
        }
    }

    private void OnAgentTerminated(string agentId, InviteSession session, SessionTermination termination)
    {
        TaskCompletionSource<OfferOutcome>? ringing;
        bool wasConnected;
        lock (_lock)
        {
            ringing = ReferenceEquals(_agentSession, session) ? _ringing : null;
            wasConnected = ConnectedAgentId == agentId && ReferenceEquals(_agentSession, session);
            if (ReferenceEquals(_agentSession, session))
            {
                _agentSession = null;
                _ringing = null;
                if (wasConnected)
                {
                    ConnectedAgentId = null;
                }
            }
        }

        if (ringing is not null)
        {
            ringing.TrySetResult(OfferOutcomes.FromTermination(termination));
            return;
        }

        if (!wasConnected)
        {
            return;
        }

        bool thirdStays;
        lock (_lock)
        {
            MarkLeftLocked("agent " + agentId);
            thirdStays = _thirdConnected && !_ended;
        }

        if (thirdStays)
        {
            // The agent hung up a three-way call: that is leaving it; the caller and the third party go on.
            JoinAll();
            LogAgentLeft(_logger, CallId, agentId);
            AgentLeft?.Invoke(this, agentId);
        }
        else if (termination.Reason != TerminationReason.LocalBye)
        {
            AgentHungUp?.Invoke(this, agentId);
        }
    }

    private void CancelRinging(OfferOutcome outcome)
    {
        TaskCompletionSource<OfferOutcome>? ringing;
        InviteSession? session;
        lock (_lock)
        {
            ringing = _ringing;
            session = _agentSession;
            if (ringing is null)
            {
                return;
            }

            _ringing = null;
        }

        session?.Cancel();
        ringing.TrySetResult(outcome);
    }

    private void OnCallerTerminated(SessionTermination termination)
    {
        InviteSession? agent;
        InviteSession? third;
        TaskCompletionSource<OfferOutcome>? ringing;
        TaskCompletionSource<OfferOutcome>? thirdRinging;
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            agent = _agentSession;
            third = _thirdSession;
            thirdRinging = _thirdRinging;
            _thirdRinging = null;
            for (int i = 0; i < _participants.Count; i++)
            {
                if (_participants[i].LeftAt is null)
                {
                    _participants[i] = _participants[i] with { LeftAt = DateTimeOffset.UtcNow };
                }
            }

            ringing = _ringing;
            _ringing = null;
            SetSourceLocked(null);
        }

        _answered.TrySetResult();
        _welcomeFinished.TrySetResult();
        _digitWaiter?.TrySetResult(null);
        if (ringing is not null)
        {
            agent?.Cancel();
            ringing.TrySetResult(OfferOutcome.CallGone);
        }
        else
        {
            agent?.Bye();
        }

        third?.Cancel();
        third?.Bye();
        thirdRinging?.TrySetResult(OfferOutcome.CallGone);

        CallRouter.LogOutcome(_logger, CallId, CallerNumber, DialledNumber, $"{termination.Reason} after {(DateTimeOffset.UtcNow - ArrivedAt).TotalSeconds:F1}s", termination.StatusCode);
        CallerHungUp?.Invoke(this);
        _ = CloseMediaAsync();
    }

    /// <summary>Closes the call's media (the recording is complete after this) and hands the media facts to <see cref="Closed"/>.</summary>
    private async Task CloseMediaAsync()
    {
        RecordingInfo? recording = null;
        var legs = _media.Legs;
        try
        {
            recording = await _media.CloseAsync().ConfigureAwait(false);
            CallMediaLog.Record(_logger, CallId, recording, legs);
        }
        catch (Exception e)
        {
            CallMediaLog.CloseFailed(_logger, e, CallId);
        }

        Closed?.Invoke(this, recording, legs);
    }

    private string? OnCallerReOffer(MediaLeg caller, string offer) => OnReOffer(caller, _agentLeg, offer);

    private string? OnAgentReOffer(MediaLeg agent, string offer) => OnReOffer(agent, _caller, offer);

    /// <summary>A hold from either side gives the other side music once an agent is connected; before that the leg just answers.</summary>
    private string? OnReOffer(MediaLeg from, MediaLeg? other, string offer) =>
        ConnectedAgentId is null ? from.Answer(offer) : ReOfferHold.Answer(_media, from, other, offer);

    private void OnCallerDigit(MediaLeg leg, DtmfEvent digit)
    {
        CallMediaLog.Digit(_logger, CallId, leg, digit);
        DeliverDigit(digit.Digit);
        CallerDigit?.Invoke(this, digit.Digit);
    }

    private void OnAgentDigit(MediaLeg leg, DtmfEvent digit)
    {
        CallMediaLog.Digit(_logger, CallId, leg, digit);
        AgentDigit?.Invoke(this, digit.Digit);
    }

    /// <summary>Swaps what the caller hears; the caller's own port stays. Call under <see cref="_lock"/>.</summary>
    private void SetSourceLocked(IMediaPort? source)
    {
        if (_caller?.Port is not { } callerPort)
        {
            return;
        }

        if (_source is { } old)
        {
            _media.Bridge.RemovePort(old);
        }

        _source = source;
        if (source is not null)
        {
            _media.Bridge.Connect(source, callerPort);
        }
    }

    private static short[] Concatenate(IReadOnlyList<AudioClip> clips)
    {
        int total = 0;
        foreach (var clip in clips)
        {
            total += clip.Samples.Length;
        }

        var samples = new short[total];
        int offset = 0;
        foreach (var clip in clips)
        {
            clip.Samples.Span.CopyTo(samples.AsSpan(offset));
            offset += clip.Samples.Length;
        }

        return samples;
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Call {CallId}: agent {AgentId} connected")]
    private static partial void LogAgentConnected(ILogger logger, string callId, string agentId);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Call {CallId}: hung up by the server ({Reason})")]
    private static partial void LogHangUp(ILogger logger, string callId, string reason);
}
