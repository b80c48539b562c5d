using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// RFC 3261 §17 transaction layer: matches incoming messages to transactions (§17.1.3, §17.2.3, with the RFC 2543
/// fallback), creates server transactions for new requests, handles CANCEL itself (§9.2), and runs client
/// transactions for the UA core. Transactions leave the table as soon as they terminate.
/// </summary>
/// <remarks>
/// <see cref="OnMessage"/> is called concurrently by the transports; the tables are lock-free and user callbacks are
/// made with no table or transaction lock held. At shutdown, dispose the <see cref="TimerWheel"/> before this.
/// </remarks>
public sealed class SipTransactionLayer : ISipMessageSink, IDisposable
{
    private readonly ConcurrentDictionary<TransactionKey, ClientTransaction> _clients = new();
    private readonly ConcurrentDictionary<TransactionKey, ServerTransaction> _servers = new();
    private readonly ISipTransactionUser _user;

    public SipTransactionLayer(
        ISipSender sender,
        TimerWheel wheel,
        SipTimerOptions timers,
        ISipTransactionUser user,
        ILogger<SipTransactionLayer>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(wheel);
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(user);
        timers.Validate();
        Sender = sender;
        Wheel = wheel;
        Timers = timers;
        _user = user;
        Logger = (ILogger?)logger ?? NullLogger.Instance;
        Metrics = new SipTransactionMetrics(meterFactory);
    }

    /// <summary>Transactions not yet terminated, client and server.</summary>
    public int Count => _clients.Count + _servers.Count;

    /// <summary>The meter the counters are on, so tests and hosts can listen to this layer's instruments only.</summary>
    public Meter Meter => Metrics.Meter;

    internal ISipSender Sender { get; }

    internal TimerWheel Wheel { get; }

    internal SipTimerOptions Timers { get; }

    internal ILogger Logger { get; }

    internal SipTransactionMetrics Metrics { get; }

    /// <summary>
    /// Starts a client transaction: adds the top Via with a fresh branch (the transport fixes sent-by), sends the
    /// request and arms its timers. The user may be called back before this returns (a synchronous send failure).
    /// ACK is not a transaction: the core sends the ACK for a 2xx straight through <see cref="ISipSender"/>.
    /// </summary>
    public ClientTransaction SendRequest(SipRequest request, SipRemote destination, IClientTransactionUser user)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        if (request.Method is SipMethods.Ack)
        {
            ThrowHelper.ThrowInvalidOperation("ACK does not start a transaction; send the ACK for a 2xx through ISipSender.");
        }

        var branch = SipIdentifiers.NewBranch();
        var (host, port) = Sender.GetSentBy(destination.Transport);
        request.Headers.Insert(0, HeaderId.Via, $"SIP/2.0/{TransportToken(destination.Transport)} {FormatHost(host)}:{port.ToString(CultureInfo.InvariantCulture)};branch={branch};rport");

        var key = TransactionKey.ForClient(branch, request.Method);
        ClientTransaction tx = request.Method == SipMethods.Invite
            ? new ClientInviteTransaction(this, key, request, destination, user)
            : new ClientNonInviteTransaction(this, key, request, destination, user);
        StartClient(tx);
        return tx;
    }

    /// <summary>
    /// Cancels <paramref name="invite"/> (§9.1). The CANCEL goes out at once if a provisional has arrived, or when
    /// the first one does; if a final response arrives first, it is never sent and its transaction just ends.
    /// Responses to the CANCEL go to <paramref name="user"/>, by default the INVITE's user. A <paramref name="reason"/>
    /// becomes the CANCEL's Reason header (RFC 3326), e.g. "Call completed elsewhere" for the losers of a fork.
    /// </summary>
    public ClientTransaction SendCancel(ClientInviteTransaction invite, IClientTransactionUser? user = null, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var cancel = BuildCancel(invite.Request);
        if (reason is not null)
        {
            cancel.Headers.Add(HeaderId.Reason, reason);
        }

        var tx = new ClientNonInviteTransaction(this, TransactionKey.ForClient(invite.Branch, SipMethods.Cancel), cancel, invite.Destination, user ?? invite.User);
        if (invite.AttachCancel(tx, out var tooLate))
        {
            StartClient(tx);
        }
        else if (tooLate)
        {
            tx.Abandon();
        }

        return tx;
    }

    /// <summary>
    /// Starts the UAS core's 2xx retransmission for <paramref name="invite"/>; call after sending the 2xx and
    /// <see cref="TwoXxRetransmitter.Stop"/> it when the ACK reaches <see cref="ISipTransactionUser.OnAck"/>.
    /// </summary>
    public TwoXxRetransmitter StartTwoXxRetransmission(ServerInviteTransaction invite, SipResponse response, Action<TwoXxRetransmitter> onNoAck)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var retransmitter = new TwoXxRetransmitter(Sender, Wheel, Timers, response, invite.Source, onNoAck, Logger);
        retransmitter.Start();
        return retransmitter;
    }

    public void OnMessage(SipMessage message, SipRemote source)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            if (message is SipResponse response)
            {
                OnResponse(response, source);
            }
            else
            {
                OnRequest((SipRequest)message, source);
            }
        }
        catch (Exception ex)
        {
            // A throwing user must not take down the transport's receive loop.
            SipTransactionLog.DispatchFailed(Logger, source, ex);
        }
    }

    public void Dispose() => Metrics.Dispose();

    internal void StartClient(ClientTransaction tx)
    {
        // Registered before sending so that a response racing the send's completion still matches.
        if (!_clients.TryAdd(tx.Key, tx))
        {
            ThrowHelper.ThrowInvalidOperation("A client transaction with this branch and method already exists.");
        }

        Metrics.Created(tx.Kind);
        tx.Start();
    }

    internal void OnTerminated(SipTransaction tx)
    {
        var removed = tx switch
        {
            ClientTransaction client => _clients.TryRemove(KeyValuePair.Create(client.Key, client)),
            ServerTransaction server => _servers.TryRemove(KeyValuePair.Create(server.Key, server)),
            _ => false,
        };

        if (removed)
        {
            Metrics.Ended(tx.Kind);
        }
    }

    private void OnResponse(SipResponse response, SipRemote source)
    {
        if (!TransactionKey.TryForResponse(response, out var key))
        {
            SipTransactionLog.Unmatchable(Logger, source);
            return;
        }

        if (_clients.TryGetValue(key, out var tx))
        {
            tx.ReceiveResponse(response);
            return;
        }

        SipTransactionLog.StrayResponse(Logger, response.StatusCode, key.Method, source);
        _user.OnStrayResponse(response, source);
    }

    private void OnRequest(SipRequest request, SipRemote source)
    {
        switch (request.Method)
        {
            case SipMethods.Ack:
                OnAck(request, source);
                return;
            case SipMethods.Cancel:
                OnCancel(request, source);
                return;
        }

        if (!TransactionKey.TryForRequest(request, request.Method, out _, out var key))
        {
            SipTransactionLog.Unmatchable(Logger, source);
            return;
        }

        if (_servers.TryGetValue(key, out var existing))
        {
            existing.ReceiveRetransmission();
            return;
        }

        ServerTransaction tx = request.Method == SipMethods.Invite
            ? new ServerInviteTransaction(this, key, request, source)
            : new ServerNonInviteTransaction(this, key, request, source);
        if (!TryAddServer(tx))
        {
            return;
        }

        (tx as ServerInviteTransaction)?.Start();
        _user.OnRequest(tx);
    }

    private void OnAck(SipRequest ack, SipRemote source)
    {
        if (!TransactionKey.TryForRequest(ack, SipMethods.Invite, out _, out var key))
        {
            SipTransactionLog.Unmatchable(Logger, source);
            return;
        }

        if (_servers.TryGetValue(key, out var tx) && tx is ServerInviteTransaction invite && invite.ReceiveAck(ack))
        {
            return;
        }

        _user.OnAck(ack, source);
    }

    private void OnCancel(SipRequest cancel, SipRemote source)
    {
        if (!TransactionKey.TryForRequest(cancel, SipMethods.Cancel, out _, out var key) ||
            !TransactionKey.TryForRequest(cancel, SipMethods.Invite, out _, out var inviteKey))
        {
            SipTransactionLog.Unmatchable(Logger, source);
            return;
        }

        if (_servers.TryGetValue(key, out var existing))
        {
            existing.ReceiveRetransmission();
            return;
        }

        var cancelTx = new ServerNonInviteTransaction(this, key, cancel, source);
        if (!TryAddServer(cancelTx))
        {
            return;
        }

        if (_servers.TryGetValue(inviteKey, out var tx) && tx is ServerInviteTransaction invite)
        {
            // §9.2: the CANCEL itself always gets 200 while its INVITE's transaction exists, final response or not.
            cancelTx.SendResponse(SipResponse.CreateFor(cancel, 200, null, invite.GetCancelTag()));
            if (invite.CancelWith487())
            {
                _user.OnCancelled(invite, cancel);
            }

            return;
        }

        SipTransactionLog.CancelUnmatched(Logger, source);
        cancelTx.SendResponse(SipResponse.CreateFor(cancel, 481, "Call/Transaction Does Not Exist", SipIdentifiers.NewTag()));
    }

    /// <summary>Adds a new server transaction; if a copy of the request won the race, treats this one as its retransmission.</summary>
    private bool TryAddServer(ServerTransaction tx)
    {
        if (_servers.TryAdd(tx.Key, tx))
        {
            Metrics.Created(tx.Kind);
            return true;
        }

        if (_servers.TryGetValue(tx.Key, out var existing))
        {
            existing.ReceiveRetransmission();
        }

        return false;
    }

    /// <summary>§9.1: CANCEL copies Request-URI, Call-ID, From, To, CSeq number, the top Via and Route.</summary>
    private static SipRequest BuildCancel(SipRequest invite) =>
        InviteSiblingRequest.Build(invite, SipMethods.Cancel, invite.Headers.Get(HeaderId.To) ?? string.Empty);

    private static string TransportToken(SipTransportKind transport) => transport switch
    {
        SipTransportKind.Udp => "UDP",
        SipTransportKind.Tcp => "TCP",
        SipTransportKind.Tls => "TLS",
        SipTransportKind.Ws => "WS",
        SipTransportKind.Wss => "WSS",
        _ => transport.ToString().ToUpperInvariant(),
    };

    private static string FormatHost(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]" : host;
}
