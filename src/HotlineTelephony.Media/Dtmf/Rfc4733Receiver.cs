namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// Turns the telephone-event packets of one RTP stream (already filtered by the <em>negotiated</em> payload type,
/// which is the RTP session's job) into exactly one <see cref="DtmfEvent"/> per key press.
/// </summary>
/// <remarks>
/// <para>
/// A press is identified by (SSRC, RTP timestamp): every packet of one event carries the timestamp of its start,
/// so a change of either starts a new press. The marker bit is not required, because senders that omit it on the
/// first packet are common in the field (anchors §0 fact 7).
/// </para>
/// <para>
/// The digit is raised at the <em>end</em> of the press, when the duration is known: on the first E-bit packet
/// (its two retransmissions and any late updates are then ignored), or, when every end packet was lost, on the
/// first packet of the next press, on <see cref="Tick"/> once no packet arrived for <see cref="EndTimeout"/>, or on
/// <see cref="Flush"/>. A press therefore costs its own length in latency, which is fine for IVR menus and PIN entry
/// and lets the call centre log how long a key was held.
/// </para>
/// <para>
/// Long events that exceed the 16-bit duration are continued in a new segment with a new timestamp and no marker
/// (RFC 4733 §2.5.1.3); such a segment is folded into the running press rather than counted as a second digit.
/// Event codes above 15 (other tones, flash-hook) and payloads shorter than 4 bytes are ignored.
/// </para>
/// <para>Not thread-safe: call it from the RTP session's receive path and its media tick, which are serialised.</para>
/// </remarks>
public sealed class Rfc4733Receiver
{
    /// <summary>How long a press may go without packets before it is taken as ended. Senders refresh every 50 ms at most.</summary>
    public static readonly TimeSpan DefaultEndTimeout = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _timeProvider;
    private readonly int _unitsPerMillisecond;

    private bool _active;
    private bool _finished;
    private uint _ssrc;
    private uint _rtpTimestamp;
    private byte _eventCode;
    private long _durationUnits;
    private long _segmentBaseUnits;
    private TimeSpan _startedAt;
    private bool _hasPrevious;
    private uint _previousSsrc;
    private uint _previousRtpTimestamp;
    private TimeSpan _lastPacketAt;

    public Rfc4733Receiver(TimeProvider timeProvider, int clockRate = 8000, TimeSpan? endTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1000);
        _timeProvider = timeProvider;
        _unitsPerMillisecond = clockRate / 1000;
        EndTimeout = endTimeout ?? DefaultEndTimeout;
    }

    /// <summary>Raised once per key press, with the press duration.</summary>
    public event Action<DtmfEvent>? DigitReceived;

    /// <summary>Raised on the first packet of a new press, before its digit is known to be complete.</summary>
    public event Action<char, TimeSpan>? PressStarted;

    public TimeSpan EndTimeout { get; }

    /// <summary>True between the first packet of a press and the moment its digit is raised.</summary>
    public bool IsPressInProgress => _active && !_finished;

    /// <summary>Handles one telephone-event packet. Never throws on malformed input.</summary>
    public void OnTelephoneEvent(ReadOnlySpan<byte> payload, uint timestamp, bool marker, uint ssrc)
    {
        if (!Rfc4733Payload.TryRead(payload, out Rfc4733Payload packet) || packet.EventCode > DtmfDigit.MaxEventCode)
        {
            return;
        }

        TimeSpan now = Now();
        if (_active && ssrc == _ssrc && timestamp == _rtpTimestamp)
        {
            if (_finished)
            {
                // The second and third end packets, or an update that was overtaken by them.
                return;
            }

            UpdateRunning(packet, now);
            return;
        }

        if (_active && !_finished && IsContinuationSegment(packet, timestamp, marker, ssrc))
        {
            _segmentBaseUnits += (uint)(timestamp - _rtpTimestamp);
            _rtpTimestamp = timestamp;
            UpdateRunning(packet, now);
            return;
        }

        if (_hasPrevious && ssrc == _previousSsrc && timestamp == _previousRtpTimestamp)
        {
            // A straggler of the press before the current one, reordered behind the new press's first packet.
            return;
        }

        if (_active && !_finished)
        {
            // The previous press lost all of its end packets.
            Complete();
        }

        _hasPrevious = _active;
        _previousSsrc = _ssrc;
        _previousRtpTimestamp = _rtpTimestamp;
        _active = true;
        _finished = false;
        _ssrc = ssrc;
        _rtpTimestamp = timestamp;
        _eventCode = packet.EventCode;
        _durationUnits = 0;
        _segmentBaseUnits = 0;
        _startedAt = now;

        DtmfDigit.TryFromEventCode(_eventCode, out char digit);
        PressStarted?.Invoke(digit, now);
        UpdateRunning(packet, now);
    }

    /// <summary>Called from the media tick: completes a press whose end packets never came.</summary>
    public void Tick()
    {
        if (_active && !_finished && Now() - _lastPacketAt >= EndTimeout)
        {
            Complete();
        }
    }

    /// <summary>Completes a running press at once (stream stopped, call ending).</summary>
    public void Flush()
    {
        if (_active && !_finished)
        {
            Complete();
        }
    }

    private void UpdateRunning(in Rfc4733Payload packet, TimeSpan now)
    {
        _lastPacketAt = now;
        long duration = _segmentBaseUnits + packet.Duration;
        if (duration > _durationUnits)
        {
            _durationUnits = duration;
        }

        if (packet.End)
        {
            Complete();
        }
    }

    private bool IsContinuationSegment(in Rfc4733Payload packet, uint timestamp, bool marker, uint ssrc)
    {
        // A segment boundary comes only after the 16-bit duration has nearly run out; the new segment starts
        // where the previous one's duration ended.
        long segmentUnits = _durationUnits - _segmentBaseUnits;
        uint advance = timestamp - _rtpTimestamp;
        return !marker
            && ssrc == _ssrc
            && packet.EventCode == _eventCode
            && segmentUnits >= ushort.MaxValue / 2
            && advance > 0
            && advance <= segmentUnits + (20 * _unitsPerMillisecond);
    }

    private void Complete()
    {
        _finished = true;
        DtmfDigit.TryFromEventCode(_eventCode, out char digit);
        int durationMs = (int)(_durationUnits / _unitsPerMillisecond);
        DigitReceived?.Invoke(new DtmfEvent(digit, DtmfSource.Rfc4733, durationMs, _startedAt));
    }

    private TimeSpan Now() => _timeProvider.GetElapsedTime(0, _timeProvider.GetTimestamp());
}
