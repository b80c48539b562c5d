namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// Merges the DTMF of one call leg from RFC 4733, SIP INFO and in-band detection into one <see cref="DigitReceived"/>
/// per key press. Phones and gateways often send the same press two ways (telephone-event plus tones left in the
/// audio, or INFO plus telephone-event), so events of the same digit from a different source whose press
/// <em>start</em> lies within <see cref="SamePressWindow"/> of an already raised one are dropped.
/// </summary>
/// <remarks>
/// <para>
/// When the leg negotiated telephone-event (<see cref="Rfc4733Negotiated"/>), RFC 4733 is authoritative: in-band
/// reports are also dropped while an RFC 4733 press is in progress (the receiver raises its digit only at key
/// release, after the in-band detector has already fired), which is why <see cref="Attach"/> listens to
/// <see cref="Rfc4733Receiver.PressStarted"/> as well.
/// </para>
/// <para>Not thread-safe: feed it from the leg's serialised context (media tick / RTP receive / SIP dialog).</para>
/// </remarks>
public sealed class DtmfCollector
{
    public static readonly TimeSpan DefaultSamePressWindow = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _timeProvider;

    private bool _hasLast;
    private DtmfEvent _last;
    private bool _rfc4733PressRunning;
    private char _rfc4733Digit;
    private TimeSpan _rfc4733StartedAt;

    public DtmfCollector(TimeProvider timeProvider, TimeSpan? samePressWindow = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        SamePressWindow = samePressWindow ?? DefaultSamePressWindow;
    }

    /// <summary>Raised once per key press, from whichever source reported it first.</summary>
    public event Action<DtmfEvent>? DigitReceived;

    public TimeSpan SamePressWindow { get; }

    /// <summary>Set when SDP negotiation agreed telephone-event on this leg; in-band reports then defer to RFC 4733.</summary>
    public bool Rfc4733Negotiated { get; set; }

    /// <summary>Subscribes to a receiver's digits and press starts. Done once per leg at set-up.</summary>
    public void Attach(Rfc4733Receiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.DigitReceived += OnRfc4733Digit;
        receiver.PressStarted += OnRfc4733PressStarted;
    }

    /// <summary>Reports a digit parsed from a SIP INFO request received now.</summary>
    public bool AcceptSipInfo(char digit, int durationMilliseconds = 0) =>
        Accept(new DtmfEvent(DtmfDigit.Normalize(digit), DtmfSource.SipInfo, durationMilliseconds, Now()));

    /// <summary>
    /// Reports a digit the in-band detector confirmed now; its press began about
    /// <see cref="GoertzelDtmfDetector.DetectionLatency"/> earlier, and that is all that is known of its duration.
    /// </summary>
    public bool AcceptInBand(char digit)
    {
        TimeSpan latency = GoertzelDtmfDetector.DetectionLatency;
        return Accept(new DtmfEvent(DtmfDigit.Normalize(digit), DtmfSource.InBand, (int)latency.TotalMilliseconds, Now() - latency));
    }

    /// <summary>Offers an event; returns true when it was raised as a new press, false when it was a duplicate.</summary>
    public bool Accept(DtmfEvent dtmf)
    {
        if (!DtmfDigit.IsValid(dtmf.Digit))
        {
            return false;
        }

        if (dtmf.Source == DtmfSource.InBand && Rfc4733Negotiated && IsRfc4733Press(dtmf))
        {
            return false;
        }

        if (dtmf.Source == DtmfSource.Rfc4733)
        {
            _rfc4733PressRunning = false;
        }

        if (_hasLast
            && _last.Source != dtmf.Source
            && _last.Digit == dtmf.Digit
            && (dtmf.Timestamp - _last.Timestamp).Duration() <= SamePressWindow)
        {
            return false;
        }

        _hasLast = true;
        _last = dtmf;
        DigitReceived?.Invoke(dtmf);
        return true;
    }

    private bool IsRfc4733Press(in DtmfEvent inBand)
    {
        if (_rfc4733PressRunning && _rfc4733Digit == inBand.Digit)
        {
            return true;
        }

        return _rfc4733Digit == inBand.Digit && (inBand.Timestamp - _rfc4733StartedAt).Duration() <= SamePressWindow;
    }

    private void OnRfc4733PressStarted(char digit, TimeSpan startedAt)
    {
        _rfc4733PressRunning = true;
        _rfc4733Digit = digit;
        _rfc4733StartedAt = startedAt;
    }

    private void OnRfc4733Digit(DtmfEvent dtmf) => Accept(dtmf);

    private TimeSpan Now() => _timeProvider.GetElapsedTime(0, _timeProvider.GetTimestamp());
}
