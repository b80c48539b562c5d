using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Server.Calls;
using HotlineTelephony.Server.Sip;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// A callback (漏接电话回拨 or one the caller chose in the overflow offer): the agent's phone rings first; once the
/// agent answers they hear ringback while the server dials the caller through the carrier trunk, and the two are
/// bridged and recorded when the caller answers. Nothing is said to the caller before the agent is there.
/// </summary>
internal sealed partial class CallbackCall
{
    private readonly SipStack _stack;
    private readonly CallMedia _media;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private InviteSession? _agentSession;
    private MediaLeg? _agentLeg;
    private InviteSession? _callerSession;
    private MediaLeg? _callerLeg;
    private TonePort? _ringback;
    private bool _ended;

    public CallbackCall(string callId, SipStack stack, CallMedia media, ILogger logger)
    {
        CallId = callId;
        _stack = stack;
        _media = media;
        _logger = logger;
    }

    public string CallId { get; }

    /// <summary>The agent's or the caller's side ended the call (after both were on it, or while dialling the caller).</summary>
    public event Action<CallbackCall, bool>? PartyHungUp;

    public event Action<CallbackCall>? Ended;

    public async Task<OfferOutcome> RingAgentAsync(string agentId, string extension, TimeSpan ringTimeout, CancellationToken cancellationToken)
    {
        var bindings = await _stack.Locations.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        if (bindings.Count == 0)
        {
            return OfferOutcome.Unreachable;
        }

        var binding = bindings[0];
        var leg = _media.AddLeg("agent " + agentId);
        lock (_lock)
        {
            _agentLeg = leg;
        }

        var from = new NameAddress(SipUri.Parse($"sip:callback@{_stack.MediaAddressFor(binding.Flow)}"), "回拨");
        var outcome = await DialAsync(binding.Uri, binding.Flow, from, leg, ringTimeout, isAgent: true, cancellationToken).ConfigureAwait(false);
        if (outcome == OfferOutcome.Answered && leg.Port is { } agentPort)
        {
            // The agent waits for the caller with ringback, as on any outgoing call.
            var ringback = new TonePort("ringback", 450, amplitude: 6000, on: TimeSpan.FromSeconds(1), off: TimeSpan.FromSeconds(4));
            lock (_lock)
            {
                _ringback = ringback;
            }

            _media.Bridge.Connect(ringback, agentPort);
        }

        return outcome;
    }

    public async Task<OfferOutcome> DialCallerAsync(string callerNumber, SipRemote trunk, TimeSpan ringTimeout, CancellationToken cancellationToken)
    {
        var leg = _media.AddLeg("caller");
        lock (_lock)
        {
            if (_ended || _agentLeg is null)
            {
                return OfferOutcome.CallGone;
            }

            _callerLeg = leg;
        }

        var target = SipUri.Parse($"sip:{callerNumber}@{trunk.EndPoint.Address}:{trunk.EndPoint.Port}");
        var from = new NameAddress(SipUri.Parse($"sip:12345@{_stack.MediaAddressFor(trunk)}"));
        var outcome = await DialAsync(target, trunk, from, leg, ringTimeout, isAgent: false, cancellationToken).ConfigureAwait(false);
        if (outcome == OfferOutcome.Answered && leg.Port is { } callerPort && _agentLeg?.Port is { } agentPort)
        {
            TonePort? ringback;
            lock (_lock)
            {
                ringback = _ringback;
                _ringback = null;
            }

            if (ringback is not null)
            {
                _media.Bridge.RemovePort(ringback);
            }

            _media.Bridge.Bridge(callerPort, agentPort);
            _media.StartRecording(leg, [callerNumber, "callback"]);
            LogConnected(_logger, CallId, callerNumber);
        }

        return outcome;
    }

    public void HangUp()
    {
        InviteSession? agent;
        InviteSession? caller;
        lock (_lock)
        {
            agent = _agentSession;
            caller = _callerSession;
        }

        foreach (var session in new[] { agent, caller })
        {
            session?.Cancel();
            session?.Bye();
        }

        Finish();
    }

    private async Task<OfferOutcome> DialAsync(SipUri target, SipRemote destination, NameAddress from, MediaLeg leg, TimeSpan ringTimeout, bool isAgent, CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<OfferOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var extra = new SipHeaders();
        extra.Add("X-Hotline-Call-Id", CallId);
        var session = _stack.UserAgent.Invite(target, destination, from, new NameAddress(target), leg.CreateOffer(), extra, s =>
        {
            s.FlowOverride = destination;
            s.Answered += (answered, _) =>
            {
                bool ok = answered.RemoteSdp is { } sdp && leg.ApplyAnswer(sdp);
                if (!ok || !pending.TrySetResult(OfferOutcome.Answered))
                {
                    answered.Bye();
                }
            };
            s.Terminated += (_, termination) => OnTerminated(pending, termination, isAgent);
        });
        lock (_lock)
        {
            if (isAgent)
            {
                _agentSession = session;
            }
            else
            {
                _callerSession = session;
            }
        }

        using var timeout = new CancellationTokenSource(ringTimeout);
        using var onTimeout = timeout.Token.Register(() =>
        {
            if (pending.TrySetResult(OfferOutcome.NoAnswer))
            {
                session.Cancel();
            }
        });
        using var onCancel = cancellationToken.Register(() =>
        {
            if (pending.TrySetResult(OfferOutcome.CallGone))
            {
                session.Cancel();
            }
        });
        var outcome = await pending.Task.ConfigureAwait(false);
        if (outcome != OfferOutcome.Answered)
        {
            await _media.RemoveLegAsync(leg).ConfigureAwait(false);
        }

        return outcome;
    }

    private void OnTerminated(TaskCompletionSource<OfferOutcome> pending, SessionTermination termination, bool isAgent)
    {
        if (pending.TrySetResult(OfferOutcomes.FromTermination(termination)))
        {
            return;
        }

        // An answered party hung up: the callback is over for both.
        if (termination.Reason == TerminationReason.RemoteBye)
        {
            PartyHungUp?.Invoke(this, isAgent);
        }

        HangUp();
    }

    private void Finish()
    {
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
        }

        _ = CallMediaLog.CloseAsync(_logger, _media);
        Ended?.Invoke(this);
    }

    [LoggerMessage(EventId = 3230, Level = LogLevel.Information, Message = "Callback {CallId}: caller {Caller} answered and is connected to the agent")]
    private static partial void LogConnected(ILogger logger, string callId, string caller);
}
