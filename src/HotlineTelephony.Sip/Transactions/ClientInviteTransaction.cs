using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// INVITE client transaction (RFC 3261 §17.1.1 as updated by RFC 6026): Calling → Proceeding → Completed (3xx–6xx,
/// ACKed here, Timer D) or Accepted (2xx, Timer M, every 2xx passed up for the user to ACK) → Terminated.
/// </summary>
public sealed class ClientInviteTransaction : ClientTransaction
{
    private TimeSpan _timerAInterval;
    private SipRequest? _ack;
    private ClientNonInviteTransaction? _pendingCancel;
    private ClientNonInviteTransaction? _cancel;

    internal ClientInviteTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipRemote destination, IClientTransactionUser user)
        : base(layer, key, request, destination, user, SipTransactionState.Calling)
    {
    }

    /// <summary>The CANCEL for this INVITE once <see cref="SipTransactionLayer.SendCancel"/> was called.</summary>
    public ClientTransaction? CancelTransaction
    {
        get
        {
            lock (Sync)
            {
                return _cancel;
            }
        }
    }

    internal override string Kind => "ict";

    internal override void Start()
    {
        SipRemote destination;
        lock (Sync)
        {
            destination = DestinationLocked;
            if (!destination.IsReliable)
            {
                _timerAInterval = Timers.TimerA;
                StartRetransmitTimer(_timerAInterval, TransactionTimer.A);
            }

            StartTimeoutTimer(Timers.TimerB, TransactionTimer.B);
        }

        Send(Request, destination, SendKind.Initial);
    }

    internal override void ReceiveResponse(SipResponse response)
    {
        var code = response.StatusCode;
        var deliver = false;
        var terminated = false;
        SipRequest? ack = null;
        SipRemote destination;
        ClientNonInviteTransaction? startCancel = null;
        ClientNonInviteTransaction? dropCancel = null;
        lock (Sync)
        {
            destination = DestinationLocked;
            switch (CurrentState)
            {
                case SipTransactionState.Calling or SipTransactionState.Proceeding:
                    LastResponseLocked = response;
                    deliver = true;
                    if (code < 200)
                    {
                        if (CurrentState == SipTransactionState.Calling)
                        {
                            // Timer B only guards Calling; once the far end is heard from, the core's own ring timeout applies.
                            StopRetransmitAndTimeout();
                            CurrentState = SipTransactionState.Proceeding;

                            // §9.1: a CANCEL waits for a provisional, so it cannot overtake the INVITE.
                            startCancel = _pendingCancel;
                            _pendingCancel = null;
                        }
                    }
                    else
                    {
                        dropCancel = _pendingCancel;
                        _pendingCancel = null;
                        if (code < 300)
                        {
                            EnterLingeringState(SipTransactionState.Accepted, Timers.TimerM, TransactionTimer.M);
                        }
                        else
                        {
                            _ack = BuildAck(Request, response);
                            ack = _ack;
                            terminated = EnterLingeringState(SipTransactionState.Completed, Timers.TimerD(destination.IsReliable), TransactionTimer.D);
                        }
                    }

                    break;

                case SipTransactionState.Accepted when code is >= 200 and < 300:
                    // RFC 6026 §8.4: retransmitted and forked 2xx all go up; the core ACKs each dialog.
                    LastResponseLocked = response;
                    deliver = true;
                    break;

                case SipTransactionState.Completed when code >= 300:
                    ack = _ack;
                    break;
            }
        }

        if (ack is not null)
        {
            if (!deliver)
            {
                Layer.Metrics.Retransmitted(Kind);
            }

            Send(ack, destination, SendKind.Ack);
        }

        dropCancel?.Abandon();
        if (startCancel is not null)
        {
            startCancel.SetDestination(destination);
            Layer.StartClient(startCancel);
        }

        if (deliver)
        {
            User.OnResponse(this, response);
        }

        if (terminated)
        {
            Finish();
        }
    }

    /// <summary>Registers <paramref name="cancel"/>; true when it may be sent now, false when it waits for a provisional.</summary>
    internal bool AttachCancel(ClientNonInviteTransaction cancel, out bool tooLate)
    {
        lock (Sync)
        {
            tooLate = false;
            if (_cancel is not null)
            {
                ThrowHelper.ThrowInvalidOperation("This INVITE has already been cancelled.");
            }

            _cancel = cancel;
            switch (CurrentState)
            {
                case SipTransactionState.Calling:
                    _pendingCancel = cancel;
                    return false;
                case SipTransactionState.Proceeding:
                    return true;
                default:
                    // §9.1: a final response has arrived, so there is nothing left to cancel.
                    tooLate = true;
                    return false;
            }
        }
    }

    private protected override void OnTimer(TransactionTimer timer)
    {
        SipRemote destination;
        var retransmit = false;
        var timedOut = false;
        var ended = false;
        lock (Sync)
        {
            destination = DestinationLocked;
            switch (timer)
            {
                case TransactionTimer.A when CurrentState == SipTransactionState.Calling:
                    _timerAInterval = Timers.NextInterval(_timerAInterval, capAtT2: false);
                    StartRetransmitTimer(_timerAInterval, TransactionTimer.A);
                    retransmit = true;
                    break;
                case TransactionTimer.B when CurrentState == SipTransactionState.Calling:
                    timedOut = TerminateLocked();
                    break;
                case TransactionTimer.D when CurrentState == SipTransactionState.Completed:
                case TransactionTimer.M when CurrentState == SipTransactionState.Accepted:
                    ended = TerminateLocked();
                    break;
            }
        }

        AfterTimer(retransmit, timedOut, ended, destination, "B");
    }

    private protected override bool TerminateLocked()
    {
        if (!base.TerminateLocked())
        {
            return false;
        }

        // Timer B or a transport error before any provisional: the waiting CANCEL is moot.
        _pendingCancel?.Abandon();
        _pendingCancel = null;
        return true;
    }

    /// <summary>§17.1.1.3: the ACK for a 3xx–6xx, built by the transaction, on the INVITE's branch.</summary>
    private static SipRequest BuildAck(SipRequest invite, SipResponse response) =>
        InviteSiblingRequest.Build(invite, SipMethods.Ack, response.Headers.Get(HeaderId.To) ?? string.Empty);
}
