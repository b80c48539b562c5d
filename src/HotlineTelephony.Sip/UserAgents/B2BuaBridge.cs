using System.Globalization;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;

namespace HotlineTelephony.Sip.UserAgents;

/// <summary>
/// Joins an incoming call (leg A, our UAS) to one or more outgoing legs (B, our UACs): ringing and early media
/// flow back to A, the first B to answer wins and the others are cancelled, failures map to one answer for A,
/// and a hang-up on either side ends the other. SDP crosses through <see cref="RewriteSdp"/>, where the media
/// layer will anchor it.
/// </summary>
/// <remarks>
/// Session events arrive on transport and timer threads; the bridge serialises them with its own lock, which it
/// may hold while calling into a session (sessions never call back while holding theirs).
/// </remarks>
public sealed class B2BuaBridge : ITimerCallback
{
    private readonly SipUserAgentCore _core;
    private readonly B2BuaOptions _options;
    private readonly Lock _lock = new();
    private readonly List<InviteSession> _legs = [];
    private readonly List<int> _failures = [];
    private TimerHandle _noAnswerTimer;
    private InviteSession? _winner;
    private bool _earlySdpRelayed;
    private bool _finished;
    private bool _ended;
    private bool _starting;

    public B2BuaBridge(SipUserAgentCore core, IncomingInvite inbound, B2BuaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(inbound);
        _core = core;
        _options = options ?? new B2BuaOptions();
        Inbound = inbound;
        A.Terminated += OnATerminated;
    }

    /// <summary>
    /// Applied to every answer crossing from B to A (early and final); the media layer substitutes its own answer
    /// here when it anchors the media. Default: pass through.
    /// </summary>
    public Func<string?, string?> RewriteSdp { get; set; } = static sdp => sdp;

    /// <summary>Applied to A's offer before it goes to the B legs (the media layer offers its own ports). Default: pass through.</summary>
    public Func<string?, string?> RewriteOffer { get; set; } = static sdp => sdp;

    /// <summary>Raised once, when A has ended (and the B side has been told to end).</summary>
    public event Action<B2BuaBridge, SessionTermination>? Ended;

    public IncomingInvite Inbound { get; }

    public InviteSession A => Inbound.Session;

    /// <summary>The B leg that answered, once one has.</summary>
    public InviteSession? B
    {
        get
        {
            lock (_lock)
            {
                return _winner;
            }
        }
    }

    /// <summary>Every B leg started, answered or not.</summary>
    public IReadOnlyList<InviteSession> Legs
    {
        get
        {
            lock (_lock)
            {
                return [.. _legs];
            }
        }
    }

    /// <summary>
    /// Rings every target at once with A's offer. With no targets A gets 480 at once. Call once, from
    /// <see cref="ISipApplication.OnInvite"/> or later.
    /// </summary>
    public void Start(IReadOnlyList<B2BuaTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        lock (_lock)
        {
            if (_legs.Count > 0 || _finished)
            {
                ThrowHelper.ThrowInvalidOperation("The bridge has already been started or has ended.");
            }

            if (targets.Count == 0)
            {
                FinishWithFailure(480);
                return;
            }

            var request = Inbound.Request;
            var from = new NameAddress(request.From.Uri, request.From.DisplayName);
            var offer = RewriteOffer(Inbound.Offer);

            // Each B2BUA hop still counts against loops through other proxies and back to us.
            var extra = new SipHeaders();
            extra.Add(HeaderId.MaxForwards, Math.Max(request.MaxForwards - 1, 0).ToString(CultureInfo.InvariantCulture));
            _noAnswerTimer = _core.Wheel.Schedule(_options.NoAnswerTimeout, this);
            _starting = true;
            foreach (var target in targets)
            {
                _core.Invite(target.RequestUri, target.Destination, from, target.To ?? new NameAddress(target.RequestUri), offer, extra.Clone(), leg =>
                {
                    if (target.UseFlow)
                    {
                        leg.FlowOverride = target.Destination;
                    }

                    leg.Provisional += OnBProvisional;
                    leg.Answered += OnBAnswered;
                    leg.Terminated += OnBTerminated;
                    _legs.Add(leg);
                });
            }

            // A leg that failed synchronously (unreachable) was only counted; judge now that all exist.
            _starting = false;
            if (_winner is null && !_finished && _legs.TrueForAll(l => l.State == InviteSessionState.Terminated))
            {
                FinishWithFailure(BestFailure(_failures));
            }
        }
    }

    /// <summary>Ends the call from our side (e.g. an operator action): BYE or CANCEL both legs as their state requires.</summary>
    public void Hangup()
    {
        lock (_lock)
        {
            A.Bye();
            foreach (var leg in _legs)
            {
                leg.Bye();
            }
        }
    }

    /// <inheritdoc />
    void ITimerCallback.OnTimer(object? state)
    {
        lock (_lock)
        {
            if (_winner is not null || _finished)
            {
                return;
            }

            // Nobody picked up: the caller hears 480 and every phone stops ringing.
            CancelLegs(except: null, reason: null);
            FinishWithFailure(480);
        }
    }

    private void OnBProvisional(InviteSession leg, SipResponse response)
    {
        lock (_lock)
        {
            if (_winner is not null || _finished)
            {
                return;
            }

            string? sdp = null;
            if (!_earlySdpRelayed && leg.RemoteSdp is { } early)
            {
                sdp = RewriteSdp(early);
                _earlySdpRelayed = sdp is not null;
            }

            int code = response.StatusCode is 180 or 183 ? response.StatusCode : (sdp is null ? 180 : 183);
            A.SendProvisional(code, sdp);
        }
    }

    private void OnBAnswered(InviteSession leg, SipResponse response)
    {
        lock (_lock)
        {
            if (_winner is not null || _finished)
            {
                // Another leg won (or A is gone) while this one was answering.
                leg.Bye();
                return;
            }

            _winner = leg;
            _noAnswerTimer.Cancel();
            CancelLegs(except: leg, reason: _options.CompletedElsewhereReason);
            A.Accept(RewriteSdp(leg.RemoteSdp));
        }
    }

    private void OnBTerminated(InviteSession leg, SessionTermination end)
    {
        lock (_lock)
        {
            if (ReferenceEquals(leg, _winner))
            {
                A.Bye();
                return;
            }

            if (_winner is not null || _finished)
            {
                return;
            }

            _failures.Add(end.StatusCode);
            if (end.StatusCode >= 600)
            {
                // A global failure ends the search (RFC 3261 §16.7).
                CancelLegs(except: leg, reason: null);
                FinishWithFailure(end.StatusCode);
                return;
            }

            if (_starting || !_legs.TrueForAll(l => l.State == InviteSessionState.Terminated))
            {
                return;
            }

            FinishWithFailure(BestFailure(_failures));
        }
    }

    private void OnATerminated(InviteSession a, SessionTermination end)
    {
        lock (_lock)
        {
            _finished = true;
            _noAnswerTimer.Cancel();
            if (_winner is not null)
            {
                _winner.Bye();
            }
            else
            {
                CancelLegs(except: null, reason: null);
            }

            if (_ended)
            {
                return;
            }

            _ended = true;
        }

        Ended?.Invoke(this, end);
    }

    private void CancelLegs(InviteSession? except, string? reason)
    {
        foreach (var leg in _legs)
        {
            if (!ReferenceEquals(leg, except))
            {
                leg.Cancel(reason);
            }
        }
    }

    private void FinishWithFailure(int statusCode)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _noAnswerTimer.Cancel();
        A.Reject(MapFailure(statusCode));
    }

    /// <summary>
    /// What A hears for a B failure: the same code, except those that describe our leg rather than the callee
    /// (timeouts, our own cancels, challenges addressed to us, an overloaded hop) which become 480.
    /// </summary>
    internal static int MapFailure(int statusCode) => statusCode switch
    {
        408 or 487 or 401 or 407 or 503 or < 300 => 480,
        _ => statusCode,
    };

    /// <summary>The lowest class wins (RFC 3261 §16.7); within it busy beats the rest and 480 comes last.</summary>
    internal static int BestFailure(IReadOnlyList<int> failures)
    {
        int best = 480;
        int bestRank = int.MaxValue;
        foreach (var raw in failures)
        {
            int code = MapFailure(raw);
            int rank = (code / 100 * 10) + (code == 486 ? 0 : code == 480 ? 2 : 1);
            if (rank < bestRank)
            {
                best = code;
                bestRank = rank;
            }
        }

        return best;
    }
}
