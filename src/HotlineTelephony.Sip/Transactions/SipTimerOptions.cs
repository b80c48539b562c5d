namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// RFC 3261 §17 transaction timers (Table 4) and RFC 6026 Timers L and M. Only the base values are settable;
/// every lettered timer is derived from them so that one change (a larger T1 on a satellite trunk, say) stays
/// consistent across all four state machines.
/// </summary>
public sealed class SipTimerOptions
{
    /// <summary>RTT estimate. Default 500 ms (§17.1.1.1).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmit interval for non-INVITE requests and INVITE responses. Default 4 s.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum time a message stays in the network. Default 5 s.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D on unreliable transports. Default 32 s, the RFC's "at least 32 s"; zero on reliable ones.</summary>
    public TimeSpan TimerDUnreliable { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>
    /// How long an INVITE server transaction waits for the core's own provisional before sending 100 Trying
    /// itself (§17.2.1 "200 ms"). Default 200 ms, so a core that answers or rings at once costs no extra packet;
    /// zero sends 100 Trying as soon as the INVITE arrives.
    /// </summary>
    public TimeSpan TryingDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>64*T1: Timers B, F, H, L, M, and J on unreliable transports.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Initial INVITE retransmit interval; doubles without a cap.</summary>
    public TimeSpan TimerA => T1;

    public TimeSpan TimerB => TransactionTimeout;

    public TimeSpan TimerD(bool reliable) => reliable ? TimeSpan.Zero : TimerDUnreliable;

    /// <summary>Initial non-INVITE retransmit interval; doubles up to <see cref="T2"/>.</summary>
    public TimeSpan TimerE => T1;

    public TimeSpan TimerF => TransactionTimeout;

    /// <summary>Initial final-response retransmit interval; doubles up to <see cref="T2"/>.</summary>
    public TimeSpan TimerG => T1;

    public TimeSpan TimerH => TransactionTimeout;

    public TimeSpan TimerI(bool reliable) => reliable ? TimeSpan.Zero : T4;

    public TimeSpan TimerJ(bool reliable) => reliable ? TimeSpan.Zero : TransactionTimeout;

    public TimeSpan TimerK(bool reliable) => reliable ? TimeSpan.Zero : T4;

    public TimeSpan TimerL => TransactionTimeout;

    public TimeSpan TimerM => TransactionTimeout;

    /// <summary>The next retransmit interval after <paramref name="current"/>: doubled, capped at T2 when asked.</summary>
    public TimeSpan NextInterval(TimeSpan current, bool capAtT2)
    {
        var next = current * 2;
        return capAtT2 && next > T2 ? T2 : next;
    }

    /// <summary>Throws at start-up with the name of the first setting that makes no sense.</summary>
    public void Validate()
    {
        if (T1 <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SipTimerOptions.T1 must be positive (was {T1}).");
        }

        if (T2 < T1)
        {
            throw new ArgumentException($"SipTimerOptions.T2 ({T2}) must not be below T1 ({T1}).");
        }

        if (T4 < TimeSpan.Zero)
        {
            throw new ArgumentException($"SipTimerOptions.T4 must not be negative (was {T4}).");
        }

        if (TimerDUnreliable < TimeSpan.Zero)
        {
            throw new ArgumentException($"SipTimerOptions.TimerDUnreliable must not be negative (was {TimerDUnreliable}).");
        }

        if (TryingDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"SipTimerOptions.TryingDelay must not be negative (was {TryingDelay}).");
        }
    }
}
