using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// INVITE server transaction (RFC 3261 §17.2.1 as updated by RFC 6026): Proceeding → Completed (3xx–6xx, Timers G
/// and H) → Confirmed (ACK, Timer I), or Accepted (2xx, Timer L) → Terminated.
/// </summary>
/// <remarks>
/// 100 Trying is sent by the transaction when the user has sent no provisional within
/// <see cref="SipTimerOptions.TryingDelay"/> (200 ms by default), or at once when the INVITE is retransmitted
/// before then, since the peer is then clearly waiting. The 2xx is not retransmitted here: that is the UAS core's
/// job (§13.3.1.4), see <see cref="TwoXxRetransmitter"/>; in Accepted the transaction only passes the core's 2xx
/// on and swallows retransmitted INVITEs.
/// </remarks>
public sealed class ServerInviteTransaction : ServerTransaction
{
    private TimerHandle _tryingTimer;
    private TimeSpan _timerGInterval;
    private string? _localTag;
    private bool _cancelled;
    private bool _ackTimedOut;

    internal ServerInviteTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipRemote source)
        : base(layer, key, request, source, SipTransactionState.Proceeding)
    {
    }

    /// <summary>True once a CANCEL ended this INVITE with 487.</summary>
    public bool IsCancelled
    {
        get
        {
            lock (Sync)
            {
                return _cancelled;
            }
        }
    }

    /// <summary>True when Timer H ended the transaction: the peer never ACKed the 3xx–6xx.</summary>
    public bool AckTimedOut
    {
        get
        {
            lock (Sync)
            {
                return _ackTimedOut;
            }
        }
    }

    internal override string Kind => "ist";

    public override bool SendResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return SendResponseCore(response, cancelling: false);
    }

    /// <summary>Arms the 100 Trying timer (or sends 100 now); called before the user sees the INVITE.</summary>
    internal void Start()
    {
        if (Timers.TryingDelay > TimeSpan.Zero)
        {
            lock (Sync)
            {
                _tryingTimer = Schedule(Timers.TryingDelay, TransactionTimer.Trying);
            }

            return;
        }

        SendTrying();
    }

    internal override void ReceiveRetransmission()
    {
        SipResponse? resend = null;
        var trying = false;
        lock (Sync)
        {
            switch (CurrentState)
            {
                case SipTransactionState.Proceeding:
                    resend = LastResponseLocked;
                    trying = resend is null;
                    break;
                case SipTransactionState.Completed:
                    resend = LastResponseLocked;
                    break;

                // Confirmed and Accepted (RFC 6026 §8.5): absorbed.
            }
        }

        if (trying)
        {
            SendTrying();
        }
        else
        {
            Resend(resend);
        }
    }

    /// <summary>
    /// An ACK on this transaction's branch. True when absorbed (the ACK for our 3xx–6xx); false when it belongs to
    /// the user, i.e. an ACK for a 2xx that reused the INVITE's branch, or an RFC 2543 ACK for another response.
    /// </summary>
    internal bool ReceiveAck(SipRequest ack)
    {
        var ended = false;
        lock (Sync)
        {
            // RFC 2543 peers are matched without the To tag (TransactionKey), so check it here (§17.2.3).
            if (!Branch.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal) && !ToTagMatches(ack, LastResponseLocked))
            {
                return false;
            }

            switch (CurrentState)
            {
                case SipTransactionState.Completed:
                    ended = EnterLingeringState(SipTransactionState.Confirmed, Timers.TimerI(Source.IsReliable), TransactionTimer.I);
                    if (!ended)
                    {
                        // Confirmed resends nothing (§17.2.1): keep only the identity, as in Accepted.
                        LastResponseLocked = LastResponseLocked?.CompactCopy();
                        CompactRequestLocked();
                    }

                    break;
                case SipTransactionState.Accepted or SipTransactionState.Terminated:
                    return false;
            }
        }

        if (ended)
        {
            Finish();
        }

        return true;
    }

    /// <summary>The To tag for the CANCEL's 200 and the 487: the one already sent in a provisional, if any (§9.2).</summary>
    internal string GetCancelTag()
    {
        lock (Sync)
        {
            return _localTag ??= TagOf(LastResponseLocked) ?? SipIdentifiers.NewTag();
        }
    }

    /// <summary>Answers 487 if no final response went out yet; true when it did.</summary>
    internal bool CancelWith487() =>
        SendResponseCore(SipResponse.CreateFor(Request, 487, null, GetCancelTag()), cancelling: true);

    private protected override void OnTimer(TransactionTimer timer)
    {
        SipResponse? resend = null;
        var trying = false;
        var ended = false;
        var ackTimedOut = false;
        lock (Sync)
        {
            switch (timer)
            {
                case TransactionTimer.Trying when CurrentState == SipTransactionState.Proceeding && LastResponseLocked is null:
                    trying = true;
                    break;
                case TransactionTimer.G when CurrentState == SipTransactionState.Completed:
                    _timerGInterval = Timers.NextInterval(_timerGInterval, capAtT2: true);
                    StartRetransmitTimer(_timerGInterval, TransactionTimer.G);
                    resend = LastResponseLocked;
                    break;
                case TransactionTimer.H when CurrentState == SipTransactionState.Completed:
                    ackTimedOut = _ackTimedOut = TerminateLocked();
                    break;
                case TransactionTimer.I when CurrentState == SipTransactionState.Confirmed:
                case TransactionTimer.L when CurrentState == SipTransactionState.Accepted:
                    ended = TerminateLocked();
                    break;
            }
        }

        if (trying)
        {
            SendTrying();
        }
        else if (resend is not null)
        {
            Resend(resend);
        }
        else if (ackTimedOut)
        {
            Layer.Metrics.TimedOut("H");
            SipTransactionLog.AckTimedOut(Layer.Logger, Branch, Source);
            Finish();
        }
        else if (ended)
        {
            Finish();
        }
    }

    private protected override bool TerminateLocked()
    {
        _tryingTimer.Cancel();
        _tryingTimer = default;
        return base.TerminateLocked();
    }

    private void SendTrying()
    {
        var trying = SipResponse.CreateFor(Request, 100);
        lock (Sync)
        {
            // The user may have answered in the meantime; never send 100 after another response.
            if (CurrentState != SipTransactionState.Proceeding || LastResponseLocked is not null)
            {
                return;
            }

            _tryingTimer.Cancel();
            _tryingTimer = default;
            LastResponseLocked = trying;
        }

        Send(trying);
    }

    private bool SendResponseCore(SipResponse response, bool cancelling)
    {
        var code = response.StatusCode;
        lock (Sync)
        {
            switch (CurrentState)
            {
                case SipTransactionState.Proceeding:
                    _tryingTimer.Cancel();
                    _tryingTimer = default;
                    LastResponseLocked = response;
                    if (code is >= 200 and < 300)
                    {
                        // Accepted only swallows INVITE retransmissions (the core retransmits the 2xx): the
                        // messages' identity is all it reads from now on.
                        EnterLingeringState(SipTransactionState.Accepted, Timers.TimerL, TransactionTimer.L);
                        LastResponseLocked = response.CompactCopy();
                        CompactRequestLocked();
                    }
                    else if (code >= 300)
                    {
                        _cancelled = cancelling;
                        CurrentState = SipTransactionState.Completed;
                        StartTimeoutTimer(Timers.TimerH, TransactionTimer.H);
                        if (!Source.IsReliable)
                        {
                            _timerGInterval = Timers.TimerG;
                            StartRetransmitTimer(_timerGInterval, TransactionTimer.G);
                        }
                    }

                    break;

                case SipTransactionState.Accepted when code is >= 200 and < 300:
                    // RFC 6026 §7.1: further 2xx from the core (its retransmissions) go straight to the transport.
                    break;

                default:
                    return false;
            }
        }

        Send(response);
        return true;
    }

    private static string? TagOf(SipResponse? response) =>
        response?.Headers.Get(HeaderId.To) is { } to && NameAddress.TryParse(to, out var na) ? na.Tag : null;

    private static bool ToTagMatches(SipRequest ack, SipResponse? response) =>
        ack.Headers.Get(HeaderId.To) is { } to && NameAddress.TryParse(to, out var na) &&
        string.Equals(na.Tag, TagOf(response), StringComparison.Ordinal);
}
