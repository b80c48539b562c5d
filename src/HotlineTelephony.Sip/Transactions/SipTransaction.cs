using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// Common machinery of the four §17 state machines. Each transaction serialises itself with its own short lock;
/// state changes are decided under it, while sends, user callbacks and removal from the layer's table happen after
/// it is released, so a user may call straight back into any transaction without deadlock.
/// </summary>
/// <remarks>
/// Timers live on the shared <see cref="TimerWheel"/>; the transaction is its own <see cref="ITimerCallback"/>, and
/// a handler re-checks the state, so a timer that fires while being cancelled does nothing.
/// </remarks>
public abstract class SipTransaction : ITimerCallback
{
    private static readonly object[] s_timerStates = Enum.GetValues<TransactionTimer>().Select(t => (object)t).ToArray();

    private protected readonly Lock Sync = new();

    // Retransmission (A, E, G), timeout (B, F, H) and end-of-life (D, I, J, K, L, M) timers; never more than one each.
    private TimerHandle _retransmitTimer;
    private TimerHandle _timeoutTimer;
    private TimerHandle _lifetimeTimer;
    private SipTransactionState _state;
    private SipRequest _request;

    private protected SipTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipTransactionState initial)
    {
        Layer = layer;
        Key = key;
        _request = request;
        _state = initial;
        Branch = request.TopVia?.Branch ?? string.Empty;
    }

    /// <summary>
    /// The request that created the transaction; once the transaction only lingers (Completed, Accepted,
    /// Confirmed), its <see cref="SipRequest.CompactCopy"/>: method, Request-URI, Via, From, To, Call-ID and CSeq.
    /// </summary>
    public SipRequest Request => _request;

    /// <summary>Top Via branch of <see cref="Request"/>.</summary>
    public string Branch { get; }

    public SipTransactionState State
    {
        get
        {
            lock (Sync)
            {
                return _state;
            }
        }
    }

    internal TransactionKey Key { get; }

    internal SipTransactionLayer Layer { get; }

    /// <summary>Label for metrics: ict, nict, ist, nist (RFC 3261 §17 abbreviations).</summary>
    internal abstract string Kind { get; }

    /// <summary>State as seen under <see cref="Sync"/>.</summary>
    private protected SipTransactionState CurrentState
    {
        get => _state;
        set => _state = value;
    }

    private protected SipTimerOptions Timers => Layer.Timers;

    void ITimerCallback.OnTimer(object? state) => OnTimer((TransactionTimer)state!);

    private protected abstract void OnTimer(TransactionTimer timer);

    private protected TimerHandle Schedule(TimeSpan dueIn, TransactionTimer timer) =>
        Layer.Wheel.Schedule(dueIn, this, s_timerStates[(int)timer]);

    private protected void StartRetransmitTimer(TimeSpan dueIn, TransactionTimer timer)
    {
        _retransmitTimer.Cancel();
        _retransmitTimer = Schedule(dueIn, timer);
    }

    private protected void StartTimeoutTimer(TimeSpan dueIn, TransactionTimer timer)
    {
        _timeoutTimer.Cancel();
        _timeoutTimer = Schedule(dueIn, timer);
    }

    private protected void StopRetransmitAndTimeout()
    {
        _retransmitTimer.Cancel();
        _retransmitTimer = default;
        _timeoutTimer.Cancel();
        _timeoutTimer = default;
    }

    /// <summary>
    /// Moves to <paramref name="state"/> for <paramref name="lifetime"/>, after which the timer ends the transaction;
    /// a zero lifetime (reliable transports) terminates now. Returns true when terminated now, in which case the
    /// caller must call <see cref="Finish"/> once outside the lock.
    /// </summary>
    private protected bool EnterLingeringState(SipTransactionState state, TimeSpan lifetime, TransactionTimer timer)
    {
        StopRetransmitAndTimeout();
        if (lifetime <= TimeSpan.Zero)
        {
            TerminateLocked();
            return true;
        }

        _state = state;
        _lifetimeTimer.Cancel();
        _lifetimeTimer = Schedule(lifetime, timer);
        return false;
    }

    /// <summary>
    /// Under the lock, on entering a state that only lingers: keep the request's identity, drop its body and the
    /// received bytes (half a minute of these per call was most of the server's long-lived heap under load).
    /// </summary>
    private protected void CompactRequestLocked() => _request = _request.CompactCopy();

    /// <summary>Under the lock: goes to Terminated and stops every timer. False if already terminated.</summary>
    private protected virtual bool TerminateLocked()
    {
        if (_state == SipTransactionState.Terminated)
        {
            return false;
        }

        _state = SipTransactionState.Terminated;
        StopRetransmitAndTimeout();
        _lifetimeTimer.Cancel();
        _lifetimeTimer = default;
        return true;
    }

    /// <summary>Outside the lock, exactly once after a successful <see cref="TerminateLocked"/>: leaves the layer's table.</summary>
    private protected void Finish() => Layer.OnTerminated(this);
}
