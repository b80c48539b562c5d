using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// Non-INVITE server transaction (RFC 3261 §17.2.2): Trying → Proceeding → Completed (Timer J, resending the final
/// response to every retransmitted request) → Terminated.
/// </summary>
public sealed class ServerNonInviteTransaction : ServerTransaction
{
    internal ServerNonInviteTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipRemote source)
        : base(layer, key, request, source, SipTransactionState.Trying)
    {
    }

    internal override string Kind => "nist";

    public override bool SendResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var terminated = false;
        lock (Sync)
        {
            if (CurrentState is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return false;
            }

            LastResponseLocked = response;
            if (response.StatusCode < 200)
            {
                CurrentState = SipTransactionState.Proceeding;
            }
            else
            {
                terminated = EnterLingeringState(SipTransactionState.Completed, Timers.TimerJ(Source.IsReliable), TransactionTimer.J);

                // Completed resends the final response (kept whole) to each retransmission; of the request only
                // its identity is read from now on.
                CompactRequestLocked();
            }
        }

        Send(response);
        if (terminated)
        {
            Finish();
        }

        return true;
    }

    internal override void ReceiveRetransmission()
    {
        SipResponse? resend;
        lock (Sync)
        {
            // Trying: nothing to repeat yet, the user is still working on it (§17.2.2).
            resend = CurrentState is SipTransactionState.Proceeding or SipTransactionState.Completed ? LastResponseLocked : null;
        }

        Resend(resend);
    }

    private protected override void OnTimer(TransactionTimer timer)
    {
        var ended = false;
        lock (Sync)
        {
            if (timer == TransactionTimer.J && CurrentState == SipTransactionState.Completed)
            {
                ended = TerminateLocked();
            }
        }

        if (ended)
        {
            Finish();
        }
    }
}
