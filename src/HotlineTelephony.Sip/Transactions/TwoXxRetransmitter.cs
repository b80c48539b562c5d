using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// The UAS core's 2xx retransmission (RFC 3261 §13.3.1.4): resends the 2xx at T1, doubling up to T2, until
/// <see cref="Stop"/> (the ACK arrived) or 64*T1, when it reports "no ACK" so the core can BYE the dialog.
/// </summary>
/// <remarks>
/// It runs on every transport, reliable ones included, because a proxy further along may be on UDP and the
/// INVITE server transaction stops owning the 2xx once it is Accepted (RFC 6026). The caller sends the first
/// copy (through <see cref="ServerTransaction.SendResponse"/>); this only retransmits.
/// </remarks>
public sealed class TwoXxRetransmitter : ITimerCallback
{
    private static readonly object s_retransmit = new();
    private static readonly object s_giveUp = new();

    private readonly ISipSender _sender;
    private readonly TimerWheel _wheel;
    private readonly SipTimerOptions _timers;
    private readonly Action<TwoXxRetransmitter> _onNoAck;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private TimerHandle _retransmitTimer;
    private TimerHandle _giveUpTimer;
    private TimeSpan _interval;
    private bool _started;
    private bool _running;

    /// <param name="onNoAck">Called once, on the timer wheel's thread, when 64*T1 passes without <see cref="Stop"/>.</param>
    public TwoXxRetransmitter(
        ISipSender sender,
        TimerWheel wheel,
        SipTimerOptions timers,
        SipResponse response,
        SipRemote destination,
        Action<TwoXxRetransmitter> onNoAck,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(wheel);
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(onNoAck);
        _sender = sender;
        _wheel = wheel;
        _timers = timers;
        _onNoAck = onNoAck;
        _logger = logger ?? NullLogger.Instance;
        Response = response;
        Destination = destination;
    }

    public SipResponse Response { get; }

    public SipRemote Destination { get; }

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/> or the no-ACK report.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Number of copies resent so far.</summary>
    public int Retransmissions { get; private set; }

    /// <summary>Arms the timers; call right after the first 2xx went out.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started)
            {
                ThrowHelper.ThrowInvalidOperation("The 2xx retransmitter has already been started.");
            }

            _started = true;
            _running = true;
            _interval = _timers.T1;
            _retransmitTimer = _wheel.Schedule(_interval, this, s_retransmit);
            _giveUpTimer = _wheel.Schedule(_timers.TransactionTimeout, this, s_giveUp);
        }
    }

    /// <summary>The ACK arrived (or the dialog ended): stop retransmitting. False if it had already stopped.</summary>
    public bool Stop()
    {
        lock (_lock)
        {
            if (!_running)
            {
                return false;
            }

            _running = false;
            _retransmitTimer.Cancel();
            _giveUpTimer.Cancel();
            return true;
        }
    }

    void ITimerCallback.OnTimer(object? state)
    {
        if (ReferenceEquals(state, s_giveUp))
        {
            lock (_lock)
            {
                if (!_running)
                {
                    return;
                }

                _running = false;
                _retransmitTimer.Cancel();
            }

            _onNoAck(this);
            return;
        }

        lock (_lock)
        {
            if (!_running)
            {
                return;
            }

            _interval = _timers.NextInterval(_interval, capAtT2: true);
            _retransmitTimer = _wheel.Schedule(_interval, this, s_retransmit);
            Retransmissions++;
        }

        Send();
    }

    private void Send()
    {
        try
        {
            var pending = _sender.SendResponseAsync(Response, Destination);
            if (!pending.IsCompletedSuccessfully)
            {
                _ = AwaitSend(pending);
            }
        }
        catch (Exception ex)
        {
            // Keep going: the next copy may get through, and the no-ACK report covers the case where none does.
            SipTransactionLog.TwoXxRetransmitFailed(_logger, Destination, ex);
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
            SipTransactionLog.TwoXxRetransmitFailed(_logger, Destination, ex);
        }
    }
}
