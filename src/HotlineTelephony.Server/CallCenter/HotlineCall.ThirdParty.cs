using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Prompts;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// Three-way calls (三方通话) and one-key transfers (一键转接): the agent brings a third party in while the caller
/// waits on hold, then all three are mixed; the agent may leave (caller and third party stay connected and recorded)
/// or drop the third party. If the third party does not answer, the caller is back with the agent, never dropped.
/// </summary>
internal sealed partial class HotlineCall
{
    private InviteSession? _thirdSession;
    private MediaLeg? _thirdLeg;
    private string? _thirdName;
    private TaskCompletionSource<OfferOutcome>? _thirdRinging;
    private bool _thirdConnected;
    private bool _callerHeld;
    private readonly List<CallParticipant> _participants = [];

    /// <summary>Raised when the agent leaves a call that goes on between the caller and a third party.</summary>
    public event Action<HotlineCall, string>? AgentLeft;

    /// <summary>Who was on the call and when (caller, agents, third parties), for the call record.</summary>
    public IReadOnlyList<CallParticipant> Participants
    {
        get
        {
            lock (_lock)
            {
                return [.. _participants];
            }
        }
    }

    public string? ThirdPartyName
    {
        get
        {
            lock (_lock)
            {
                return _thirdConnected ? _thirdName : null;
            }
        }
    }

    /// <summary>
    /// Puts the caller on hold (with <see cref="ThirdPartyDial.CallerNotice"/> first, if any) and calls the third
    /// party. Answered: the agent and the third party talk (consultation) until <see cref="JoinAll"/>. Otherwise the
    /// caller is taken off hold, back with the agent.
    /// </summary>
    public async Task<OfferOutcome> DialThirdPartyAsync(ThirdPartyDial dial, CancellationToken cancellationToken)
    {
        var ringing = new TaskCompletionSource<OfferOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        MediaLeg thirdLeg;
        lock (_lock)
        {
            if (_ended)
            {
                return OfferOutcome.CallGone;
            }

            if (ConnectedAgentId is null || _thirdSession is not null || _caller?.Port is not { } callerPort)
            {
                throw new InvalidOperationException($"Call {CallId} has no connected agent, or already has a third party.");
            }

            _thirdRinging = ringing;
            _thirdName = dial.Name;
            thirdLeg = _media.AddLeg("third " + dial.Name);
            _thirdLeg = thirdLeg;
            _media.Bridge.Hold(callerPort, new NoticeThenMusicPort(dial.CallerNotice));
            _callerHeld = true;
        }

        var extra = new SipHeaders();
        if (dial.AssertedIdentity is { } identity)
        {
            extra.Add("P-Asserted-Identity", identity);
        }

        foreach (var header in dial.Headers)
        {
            extra.Add(header.Key, header.Value);
        }

        var from = new NameAddress(_invite.Request.From.Uri, _invite.Request.From.DisplayName);
        LogDialling(_logger, CallId, dial.Name, dial.RequestUri.ToString());
        var session = _stack.UserAgent.Invite(dial.RequestUri, dial.Destination, from, new NameAddress(dial.RequestUri), thirdLeg.CreateOffer(), extra, leg =>
        {
            leg.Answered += (s, _) => OnThirdAnswered(s);
            leg.Terminated += (s, termination) => OnThirdTerminated(s, termination);
        });
        lock (_lock)
        {
            _thirdSession = session;
        }

        using var timeout = new CancellationTokenSource(dial.RingTimeout);
        using var registration = timeout.Token.Register(() => CancelThirdRinging(OfferOutcome.NoAnswer));
        using var outer = cancellationToken.Register(() => CancelThirdRinging(OfferOutcome.CallGone));
        var outcome = await ringing.Task.ConfigureAwait(false);
        if (outcome != OfferOutcome.Answered)
        {
            LogThirdPartyFailed(_logger, CallId, dial.Name, outcome.ToString());
            BackToAgent(failedNotice: dial.CallerNotice is not null);
            await _media.RemoveLegAsync(thirdLeg).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Takes the caller off hold and mixes all three: each hears the other two.</summary>
    public bool JoinAll()
    {
        lock (_lock)
        {
            if (_ended || !_thirdConnected || _caller?.Port is not { } callerPort || _thirdLeg?.Port is not { } thirdPort)
            {
                return false;
            }

            if (_callerHeld)
            {
                _media.Bridge.Resume(callerPort);
                _callerHeld = false;
            }

            if (ConnectedAgentId is not null && _agentLeg?.Port is { } agentPort)
            {
                _media.Bridge.Conference(callerPort, agentPort, thirdPort);
            }
            else
            {
                _media.Bridge.Bridge(callerPort, thirdPort);
            }
        }

        LogJoined(_logger, CallId, _thirdName ?? "?");
        return true;
    }

    /// <summary>The agent leaves; the caller and the third party stay connected (and recorded). False without a third party.</summary>
    public bool AgentLeave()
    {
        InviteSession? agentSession;
        MediaLeg? agentLeg;
        string? agentId;
        lock (_lock)
        {
            if (_ended || !_thirdConnected || ConnectedAgentId is null)
            {
                return false;
            }

            agentId = ConnectedAgentId;
            agentSession = _agentSession;
            agentLeg = _agentLeg;
            _agentSession = null;
            _agentLeg = null;
            ConnectedAgentId = null;
            MarkLeftLocked("agent " + agentId);
        }

        JoinAll();
        agentSession?.Bye();
        if (agentLeg is not null)
        {
            _ = _media.RemoveLegAsync(agentLeg).AsTask();
        }

        LogAgentLeft(_logger, CallId, agentId);
        AgentLeft?.Invoke(this, agentId);
        return true;
    }

    /// <summary>Ends the third party's leg; the caller is back with the agent.</summary>
    public bool DropThirdParty()
    {
        InviteSession? third;
        lock (_lock)
        {
            third = _thirdSession;
            if (third is null || ConnectedAgentId is null)
            {
                return false;
            }
        }

        third.Cancel();
        third.Bye();
        return true;
    }

    private void OnThirdAnswered(InviteSession session)
    {
        bool connected = false;
        lock (_lock)
        {
            if (!_ended && _thirdRinging is { } ringing && _thirdLeg is { } thirdLeg && session.RemoteSdp is { } sdp
                && thirdLeg.ApplyAnswer(sdp) && thirdLeg.Port is { } thirdPort)
            {
                if (ConnectedAgentId is not null && _agentLeg?.Port is { } agentPort)
                {
                    // Consultation: the agent and the third party talk while the caller waits on hold.
                    _media.Bridge.Bridge(agentPort, thirdPort);
                }

                _thirdConnected = true;
                _thirdRinging = null;
                _participants.Add(new CallParticipant("third " + (_thirdName ?? "?"), session.Dialog?.RemoteUri?.ToString() ?? "", DateTimeOffset.UtcNow));
                connected = ringing.TrySetResult(OfferOutcome.Answered);
            }
        }

        if (!connected)
        {
            session.Bye();
        }
    }

    private void OnThirdTerminated(InviteSession session, SessionTermination termination)
    {
        TaskCompletionSource<OfferOutcome>? ringing;
        bool wasConnected;
        bool agentGone;
        MediaLeg? leg;
        lock (_lock)
        {
            if (!ReferenceEquals(_thirdSession, session))
            {
                return;
            }

            ringing = _thirdRinging;
            wasConnected = _thirdConnected;
            agentGone = ConnectedAgentId is null;
            leg = _thirdLeg;
            _thirdSession = null;
            _thirdRinging = null;
            _thirdConnected = false;
            if (wasConnected)
            {
                _thirdLeg = null;
                MarkLeftLocked("third " + (_thirdName ?? "?"));
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

        LogThirdPartyLeft(_logger, CallId, _thirdName ?? "?");
        if (leg is not null)
        {
            _ = _media.RemoveLegAsync(leg).AsTask();
        }

        if (agentGone)
        {
            // The agent had left: with the third party gone the caller is alone, so the call ends.
            _invite.Session.Bye();
        }
        else
        {
            BackToAgent(failedNotice: false);
        }
    }

    private void CancelThirdRinging(OfferOutcome outcome)
    {
        TaskCompletionSource<OfferOutcome>? ringing;
        InviteSession? session;
        lock (_lock)
        {
            ringing = _thirdRinging;
            session = _thirdSession;
            if (ringing is null)
            {
                return;
            }

            _thirdRinging = null;
            _thirdSession = null;
        }

        session?.Cancel();
        ringing.TrySetResult(outcome);
    }

    /// <summary>Caller off hold and with the agent again; after a failed emergency transfer the caller is told so.</summary>
    private void BackToAgent(bool failedNotice)
    {
        lock (_lock)
        {
            if (_ended || _caller?.Port is not { } callerPort)
            {
                return;
            }

            if (_callerHeld)
            {
                _media.Bridge.Resume(callerPort);
                _callerHeld = false;
            }

            if (ConnectedAgentId is not null && _agentLeg?.Port is { } agentPort)
            {
                _media.Bridge.Bridge(callerPort, agentPort);
            }

            if (failedNotice)
            {
                var notice = new PlayerPort("transfer-failed", _media.Engine.Prompts.Get(PromptId.TransferFailed).Samples);
                notice.Finished += (_, _) => _media.Bridge.RemovePort(notice);
                _media.Bridge.Connect(notice, callerPort);
            }
        }
    }

    private void MarkLeftLocked(string party)
    {
        for (int i = _participants.Count - 1; i >= 0; i--)
        {
            if (_participants[i].Party == party && _participants[i].LeftAt is null)
            {
                _participants[i] = _participants[i] with { LeftAt = DateTimeOffset.UtcNow };
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "Call {CallId}: dialling third party {Party} at {Target}")]
    private static partial void LogDialling(ILogger logger, string callId, string party, string target);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Information, Message = "Call {CallId}: third party {Party} not reached ({Outcome}); the caller is back with the agent")]
    private static partial void LogThirdPartyFailed(ILogger logger, string callId, string party, string outcome);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Information, Message = "Call {CallId}: caller, agent and {Party} joined")]
    private static partial void LogJoined(ILogger logger, string callId, string party);

    [LoggerMessage(EventId = 3213, Level = LogLevel.Information, Message = "Call {CallId}: agent {AgentId} left; caller and third party stay connected")]
    private static partial void LogAgentLeft(ILogger logger, string callId, string agentId);

    [LoggerMessage(EventId = 3214, Level = LogLevel.Information, Message = "Call {CallId}: third party {Party} left")]
    private static partial void LogThirdPartyLeft(ILogger logger, string callId, string party);
}
