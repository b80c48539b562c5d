using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>A client transaction (§17.1): sends one request and reports its responses to an <see cref="IClientTransactionUser"/>.</summary>
public abstract class ClientTransaction : SipTransaction
{
    private SipRemote _destination;
    private SipResponse? _lastResponse;

    private protected ClientTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipRemote destination, IClientTransactionUser user, SipTransactionState initial)
        : base(layer, key, request, initial)
    {
        _destination = destination;
        User = user;
    }

    /// <summary>Where the request went: the remote the transport reported for the first send once it is known.</summary>
    public SipRemote Destination
    {
        get
        {
            lock (Sync)
            {
                return _destination;
            }
        }
    }

    /// <summary>The most recent response passed to the user.</summary>
    public SipResponse? LastResponse
    {
        get
        {
            lock (Sync)
            {
                return _lastResponse;
            }
        }
    }

    internal IClientTransactionUser User { get; }

    private protected SipRemote DestinationLocked => _destination;

    private protected SipResponse? LastResponseLocked
    {
        get => _lastResponse;
        set => _lastResponse = value;
    }

    /// <summary>Arms the timers and sends the request; the layer calls it once the transaction is in its table.</summary>
    internal abstract void Start();

    internal abstract void ReceiveResponse(SipResponse response);

    /// <summary>Points a CANCEL that waited for a provisional at the path its INVITE actually took.</summary>
    internal void SetDestination(SipRemote destination)
    {
        lock (Sync)
        {
            _destination = destination;
        }
    }

    /// <summary>Sends a request on this transaction; failures come back through <see cref="OnSendFailed"/>.</summary>
    private protected void Send(SipRequest message, SipRemote destination, SendKind kind)
    {
        ValueTask<SipRemote> pending;
        try
        {
            pending = Layer.Sender.SendRequestAsync(message, destination);
        }
        catch (Exception ex)
        {
            OnSendFailed(ex, destination, kind);
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            OnSent(pending.Result, kind);
            return;
        }

        _ = AwaitSend(pending, destination, kind);
    }

    /// <summary>
    /// What a timer decided under the lock, carried out after it: retransmit the request, report the timeout
    /// (Timer B or F), or leave the table once a lingering state has run out.
    /// </summary>
    private protected void AfterTimer(bool retransmit, bool timedOut, bool ended, SipRemote destination, string timeoutTimer)
    {
        if (retransmit)
        {
            Layer.Metrics.Retransmitted(Kind);
            Send(Request, destination, SendKind.Retransmission);
        }
        else if (timedOut)
        {
            ReportTimeout(timeoutTimer);
        }
        else if (ended)
        {
            Finish();
        }
    }

    private protected void ReportTimeout(string timer)
    {
        Layer.Metrics.TimedOut(timer);
        SipTransactionLog.TimedOut(Layer.Logger, Request.Method, Branch, timer);
        User.OnTimeout(this);
        Finish();
    }

    private async Task AwaitSend(ValueTask<SipRemote> pending, SipRemote destination, SendKind kind)
    {
        try
        {
            OnSent(await pending.ConfigureAwait(false), kind);
        }
        catch (Exception ex)
        {
            OnSendFailed(ex, destination, kind);
        }
    }

    private void OnSent(SipRemote actual, SendKind kind)
    {
        if (kind != SendKind.Initial)
        {
            return;
        }

        // Retransmissions and CANCEL must take the path the first send took (same connection, same resolved address).
        lock (Sync)
        {
            _destination = actual;
        }
    }

    private void OnSendFailed(Exception error, SipRemote destination, SendKind kind)
    {
        if (kind == SendKind.Ack)
        {
            // The final response already reached the user; a lost ACK only makes the peer retransmit it.
            SipTransactionLog.AckSendFailed(Layer.Logger, Branch, destination, error);
            return;
        }

        lock (Sync)
        {
            // Once a final response arrived the user has its answer; a late failure of an earlier send changes nothing.
            if (CurrentState is SipTransactionState.Completed or SipTransactionState.Accepted || !TerminateLocked())
            {
                return;
            }
        }

        SipTransactionLog.SendFailed(Layer.Logger, Request.Method, Branch, destination, error);
        User.OnTransportError(this, error);
        Finish();
    }

    private protected enum SendKind
    {
        Initial,
        Retransmission,
        Ack,
    }
}
