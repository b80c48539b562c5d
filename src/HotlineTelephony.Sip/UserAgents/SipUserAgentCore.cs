using System.Collections.Concurrent;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.Sip.UserAgents;

/// <summary>
/// The UA core (RFC 3261 §8.2, §12, §13): the transaction user that checks every new request once, routes
/// in-dialog traffic to its <see cref="InviteSession"/>, hands out-of-dialog requests to the
/// <see cref="ISipApplication"/>, and starts outgoing INVITEs. It owns the transaction layer it sits on.
/// </summary>
public sealed partial class SipUserAgentCore : ISipTransactionUser
{
    private readonly ConcurrentDictionary<DialogKey, InviteSession> _sessions = new();
    private readonly ConcurrentDictionary<ServerInviteTransaction, InviteSession> _incoming = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<MergeKey, string> _inProgress = new();
    private readonly ISipApplication _application;
    private readonly NameAddress?[] _contacts = new NameAddress?[Enum.GetValues<SipTransportKind>().Length];
    private readonly string _allow;

    public SipUserAgentCore(
        ISipSender sender,
        TimerWheel wheel,
        ISipApplication application,
        SipUserAgentOptions? options = null,
        SipTimerOptions? timerOptions = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(wheel);
        ArgumentNullException.ThrowIfNull(application);
        Options = options ?? new SipUserAgentOptions();
        Options.Validate();
        TimerOptions = timerOptions ?? new SipTimerOptions();
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = factory.CreateLogger("HotlineTelephony.Sip.Dialogs");
        Sender = sender;
        Wheel = wheel;
        _application = application;
        _allow = string.Join(", ", Options.AllowedMethods);
        Transactions = new SipTransactionLayer(sender, wheel, TimerOptions, this, factory.CreateLogger<SipTransactionLayer>());
    }

    /// <summary>The transaction layer; hand it to the transports as their <see cref="ISipMessageSink"/>.</summary>
    public SipTransactionLayer Transactions { get; }

    public SipUserAgentOptions Options { get; }

    /// <summary>Sessions the core still routes to (live ones and, for 64*T1, recently ended ones).</summary>
    public int SessionCount => _sessions.Count;

    internal SipTimerOptions TimerOptions { get; }

    internal TimerWheel Wheel { get; }

    internal ISipSender Sender { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Starts an outgoing INVITE (UAC). <paramref name="configure"/> runs before the INVITE is sent, so event
    /// handlers attached there cannot miss an early response or a synchronous transport failure.
    /// </summary>
    /// <param name="target">Request-URI (the contact or trunk URI to call).</param>
    /// <param name="destination">Where to send it (registered flow, trunk address).</param>
    /// <param name="sdpOffer">Our offer, or null for an offer-less INVITE (answer via <see cref="InviteSession.OfferHandler"/>).</param>
    public InviteSession Invite(
        SipUri target,
        SipRemote destination,
        NameAddress from,
        NameAddress to,
        string? sdpOffer,
        SipHeaders? extraHeaders = null,
        Action<InviteSession>? configure = null)
    {
        var session = InviteSession.CreateOutgoing(this, target, destination, from, to, sdpOffer, extraHeaders);
        _sessions[session.Key] = session;
        configure?.Invoke(session);
        session.StartOutgoing();
        return session;
    }

    /// <summary>Finds a session by dialog id (Call-ID and our tag decide; the remote tag is not checked).</summary>
    public InviteSession? FindSession(string callId, string localTag) =>
        _sessions.TryGetValue(new DialogKey(callId, localTag), out var session) ? session : null;

    /// <inheritdoc />
    void ISipTransactionUser.OnRequest(ServerTransaction tx)
    {
        try
        {
            HandleRequest(tx);
        }
        catch (Exception e)
        {
            Log.RequestFailed(Logger, tx.Request.CallId ?? "?", tx.Request.Method, e);
            if (tx.LastResponse is null || tx.LastResponse.IsProvisional)
            {
                tx.SendResponse(CreateResponse(tx.Request, 500));
            }
        }
    }

    /// <inheritdoc />
    void ISipTransactionUser.OnAck(SipRequest ack, SipRemote source)
    {
        if (ack.CallId is { } callId && ack.To.Tag is { } tag && _sessions.TryGetValue(new DialogKey(callId, tag), out var session))
        {
            session.OnAck(ack);
        }
    }

    /// <inheritdoc />
    void ISipTransactionUser.OnCancelled(ServerInviteTransaction invite, SipRequest cancel)
    {
        if (_incoming.TryGetValue(invite, out var session))
        {
            Log.Cancelled(Logger, session.CallId);
            session.OnCancelled();
        }
    }

    /// <inheritdoc />
    void ISipTransactionUser.OnStrayResponse(SipResponse response, SipRemote source)
    {
        // Only a 2xx to INVITE needs anything (§13.2.2.4: the ACK is ours to resend); other strays are dropped.
        if (!response.IsSuccess || response.CSeq.Method != SipMethods.Invite || response.CallId is not { } callId || response.From.Tag is not { } tag)
        {
            return;
        }

        if (_sessions.TryGetValue(new DialogKey(callId, tag), out var session))
        {
            session.OnStray2xx(response);
        }
    }

    /// <summary>
    /// Stops routing to a finished session: after 64*T1 when it sent an INVITE (until then retransmitted 2xx are
    /// re-ACKed), at once otherwise (a late request gets the same 481 from the core as from the ended session, and
    /// keeping every answered call's session for half a minute was a large share of the heap under load).
    /// </summary>
    internal void Release(InviteSession session)
    {
        if (session.ServerInvite is { } invite)
        {
            _incoming.TryRemove(invite, out _);
            ForgetPendingInvite(invite.Request);
        }

        if (!session.SentInvite)
        {
            _sessions.TryRemove(new KeyValuePair<DialogKey, InviteSession>(session.Key, session));
            return;
        }

        Wheel.Schedule(TimerOptions.TransactionTimeout, static state =>
        {
            var (core, s) = ((SipUserAgentCore, InviteSession))state!;
            core._sessions.TryRemove(new KeyValuePair<DialogKey, InviteSession>(s.Key, s));
        }, (this, session));
    }

    /// <summary>An INVITE got its final response: it no longer counts for merged-request detection.</summary>
    internal void ForgetPendingInvite(SipRequest invite)
    {
        if (MergeKey.From(invite) is { } key)
        {
            _inProgress.TryRemove(key, out _);
        }
    }

    /// <summary>Our Contact for a transport: the advertised sent-by, so in-dialog requests come back to us.</summary>
    internal NameAddress ContactFor(SipTransportKind transport)
    {
        ref var cached = ref _contacts[(int)transport];
        if (cached is null)
        {
            var (host, port) = Sender.GetSentBy(transport);
            IReadOnlyList<UriParameter>? parameters = transport == SipTransportKind.Udp
                ? null
                : [new UriParameter("transport", transport.ToString().ToLowerInvariant())];
            cached = new NameAddress(SipUri.Create("sip", null, host, port, parameters));
        }

        return cached;
    }

    internal void AddCapabilities(SipMessage message)
    {
        message.Headers.Set(HeaderId.Allow, _allow);
        message.Headers.Set(HeaderId.Supported, string.Join(", ", SipUserAgentOptions.SupportedOptionTags));
    }

    internal void AddServerHeaders(SipResponse response)
    {
        if (Options.ProductName is { } name && !response.Headers.Contains(HeaderId.Server))
        {
            response.Headers.Add(HeaderId.Server, name);
        }
    }

    internal void AddUserAgentHeader(SipRequest request)
    {
        if (Options.ProductName is { } name && !request.Headers.Contains(HeaderId.UserAgent))
        {
            request.Headers.Add(HeaderId.UserAgent, name);
        }
    }

    /// <summary>Sends a request outside any transaction (the ACK for a 2xx), resolving the dialog's next hop.</summary>
    internal void SendStateless(SipRequest request, SipDialog dialog) => _ = SendStatelessAsync(request, dialog);

    /// <summary>Sends an in-dialog request nobody waits for (the BYE to a fork we did not take).</summary>
    internal void SendDetached(SipRequest request, SipDialog dialog) => _ = SendDetachedAsync(request, dialog);

    /// <summary>
    /// CANCELs our INVITE; the layer holds it until a provisional has arrived (§9.1). The transaction layer has no
    /// way yet to add a Reason header to the CANCEL it builds, so <paramref name="reason"/> is only logged.
    /// </summary>
    internal void SendCancel(ClientInviteTransaction invite, string? reason)
    {
        Log.Cancelling(Logger, invite.Request.CallId ?? "?", reason ?? string.Empty);
        Transactions.SendCancel(invite, reason: reason);
    }

    internal TwoXxRetransmitter StartTwoXxRetransmitter(SipResponse response, SipRemote destination, Action onNoAck)
    {
        var retransmitter = new TwoXxRetransmitter(Sender, Wheel, TimerOptions, response, destination, _ => onNoAck(), Logger);
        retransmitter.Start();
        return retransmitter;
    }

    private async Task SendStatelessAsync(SipRequest request, SipDialog dialog)
    {
        try
        {
            var destination = await dialog.ResolveDestinationAsync().ConfigureAwait(false);
            await Sender.SendRequestAsync(request, destination).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.StatelessSendFailed(Logger, dialog.CallId, request.Method, e);
        }
    }

    private async Task SendDetachedAsync(SipRequest request, SipDialog dialog)
    {
        try
        {
            var destination = await dialog.ResolveDestinationAsync().ConfigureAwait(false);
            Transactions.SendRequest(request, destination, DetachedUser.Instance);
        }
        catch (Exception e)
        {
            Log.StatelessSendFailed(Logger, dialog.CallId, request.Method, e);
        }
    }

    /// <summary>Client-transaction user for requests whose outcome changes nothing.</summary>
    private sealed class DetachedUser : IClientTransactionUser
    {
        public static readonly DetachedUser Instance = new();

        public void OnResponse(ClientTransaction tx, SipResponse response)
        {
        }

        public void OnTimeout(ClientTransaction tx)
        {
        }

        public void OnTransportError(ClientTransaction tx, Exception error)
        {
        }
    }
}
