using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// A server transaction (§17.2): created by an incoming request, answered by the user through
/// <see cref="SendResponse"/>, and absorbing retransmissions of that request on the user's behalf.
/// </summary>
public abstract class ServerTransaction : SipTransaction
{
    private SipResponse? _lastResponse;

    private protected ServerTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipRemote source, SipTransactionState initial)
        : base(layer, key, request, initial)
    {
        Source = source;
    }

    /// <summary>Where the request came from; responses go back here (the transport applies §18.2.2 and rport).</summary>
    public SipRemote Source { get; }

    /// <summary>
    /// The most recent response sent; in Accepted and Confirmed, where nothing is resent, its compact copy (status,
    /// reason, Via, From, To, Call-ID, CSeq).
    /// </summary>
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

    private protected SipResponse? LastResponseLocked
    {
        get => _lastResponse;
        set => _lastResponse = value;
    }

    /// <summary>
    /// Sends a response on this transaction; safe from any thread. Returns false, sending nothing, when the state no
    /// longer allows it, e.g. a final response racing the 487 of a CANCEL, or a second final.
    /// </summary>
    public abstract bool SendResponse(SipResponse response);

    /// <summary>The request arrived again: resend what the state calls for.</summary>
    internal abstract void ReceiveRetransmission();

    private protected void Send(SipResponse response)
    {
        ValueTask pending;
        try
        {
            pending = Layer.Sender.SendResponseAsync(response, Source);
        }
        catch (Exception ex)
        {
            OnSendFailed(ex);
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            return;
        }

        _ = AwaitSend(pending);
    }

    private protected void Resend(SipResponse? response)
    {
        if (response is not null)
        {
            Layer.Metrics.Retransmitted(Kind);
            Send(response);
        }
    }

    private async Task AwaitSend(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            OnSendFailed(ex);
        }
    }

    private void OnSendFailed(Exception error)
    {
        // Nobody upstream is waiting on a server transaction's sends; the peer will retransmit or give up.
        lock (Sync)
        {
            if (!TerminateLocked())
            {
                return;
            }
        }

        SipTransactionLog.SendFailed(Layer.Logger, Request.Method, Branch, Source, error);
        Finish();
    }
}
