using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// Non-INVITE client transaction (RFC 3261 §17.1.2): Trying → Proceeding → Completed (Timer K) → Terminated, with
/// Timer E retransmitting on unreliable transports and Timer F giving up. CANCEL runs on one of these too.
/// </summary>
public sealed class ClientNonInviteTransaction : ClientTransaction
{
    private TimeSpan _timerEInterval;

    internal ClientNonInviteTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipRemote destination, IClientTransactionUser user)
        : base(layer, key, request, destination, user, SipTransactionState.Trying)
    {
    }

    internal override string Kind => "nict";

    internal override void Start()
    {
        SipRemote destination;
        lock (Sync)
        {
            if (CurrentState != SipTransactionState.Trying)
            {
                return;
            }

            destination = DestinationLocked;
            if (!destination.IsReliable)
            {
                _timerEInterval = Timers.TimerE;
                StartRetransmitTimer(_timerEInterval, TransactionTimer.E);
            }

            StartTimeoutTimer(Timers.TimerF, TransactionTimer.F);
        }

        Send(Request, destination, SendKind.Initial);
    }

    internal override void ReceiveResponse(SipResponse response)
    {
        var deliver = false;
        var terminated = false;
        lock (Sync)
        {
            if (CurrentState is SipTransactionState.Trying or SipTransactionState.Proceeding)
            {
                LastResponseLocked = response;
                deliver = true;
                if (response.StatusCode < 200)
                {
                    CurrentState = SipTransactionState.Proceeding;
                }
                else
                {
                    terminated = EnterLingeringState(SipTransactionState.Completed, Timers.TimerK(DestinationLocked.IsReliable), TransactionTimer.K);
                }
            }

            // Completed: Timer K is only there to soak up retransmitted responses.
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

    /// <summary>Ends a CANCEL that was never sent because its INVITE got a final response (or timed out) first.</summary>
    internal void Abandon()
    {
        lock (Sync)
        {
            TerminateLocked();
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
                case TransactionTimer.E when CurrentState is SipTransactionState.Trying or SipTransactionState.Proceeding:
                    // §17.1.2.2: doubling up to T2 while Trying; straight T2 once a provisional has been seen.
                    _timerEInterval = CurrentState == SipTransactionState.Proceeding
                        ? Timers.T2
                        : Timers.NextInterval(_timerEInterval, capAtT2: true);
                    StartRetransmitTimer(_timerEInterval, TransactionTimer.E);
                    retransmit = true;
                    break;
                case TransactionTimer.F when CurrentState is SipTransactionState.Trying or SipTransactionState.Proceeding:
                    timedOut = TerminateLocked();
                    break;
                case TransactionTimer.K when CurrentState == SipTransactionState.Completed:
                    ended = TerminateLocked();
                    break;
            }
        }

        AfterTimer(retransmit, timedOut, ended, destination, "F");
    }
}
