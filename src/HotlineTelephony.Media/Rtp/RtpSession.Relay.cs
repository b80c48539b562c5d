using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// Packet relay between two legs on the same codec (Asterisk's native/simple bridge, rtpengine's forwarding): each
/// packet this session receives is sent on the target session from the receive loop, payload untouched, with the
/// target's SSRC, sequence and timestamp. Numbering continues where the target's mixed output stopped and the
/// mixed output continues where the relay stopped, so the far end sees one stream across every switch.
/// </summary>
/// <remarks>
/// Receive side (this session, under <c>_receiveLock</c>): latching, statistics, RTP timeout and RFC 4733
/// delivery to <see cref="EventSink"/> happen exactly as without the relay; only the reorder ring is bypassed.
/// Send side (the target, under its <c>_sendLock</c>): sequence and timestamp are the received ones plus offsets,
/// fixed when the relay starts and again whenever the source changes (new SSRC, or a sequence jump), so reordering
/// and real loss show through to the far end as they would through rtpengine. Lock order is always receive lock of
/// the source, then send lock of the target; nothing takes a receive lock while holding a send lock.
/// </remarks>
public sealed partial class RtpSession
{
    /// <summary>A sequence jump beyond this (either way) is a restarted source, not loss or reordering.</summary>
    private const int MaxRelayJump = 100;

    // Receive side, guarded by _receiveLock.
    private RtpSession? _relayTarget;
    private int _relayAudioPayloadType = -1;
    private long _relayedPackets;
    private long _relayDropped;

    // Send side (this session as a relay target), guarded by _sendLock.
    private bool _relayedOutput;
    private bool _relayRebase;
    private ushort _relaySequenceOffset;
    private uint _relayTimestampOffset;
    private int _relayAdvanced;

    /// <summary>True while received packets are relayed to another session instead of going to the reorder ring.</summary>
    public bool IsRelaying => Volatile.Read(ref _relayTarget) is not null;

    /// <summary>Received packets sent on by the relay (audio and telephone-events).</summary>
    public long RelayedPackets => Interlocked.Read(ref _relayedPackets);

    /// <summary>Received packets the relay did not send on: another payload type, or events the target did not negotiate.</summary>
    public long RelayDroppedPackets => Interlocked.Read(ref _relayDropped);

    /// <summary>
    /// From now on sends every packet received here with <paramref name="audioPayloadType"/> (and telephone-events,
    /// mapped to the target's negotiated payload type) on <paramref name="target"/>, from the receive loop. Audio
    /// already waiting in the reorder ring goes first, so the switch loses nothing. Call from the media clock.
    /// </summary>
    public void StartRelay(RtpSession target, byte audioPayloadType)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (ReferenceEquals(target, this))
        {
            ThrowHelper.ThrowArgument("A session cannot relay to itself.", nameof(target));
        }

        target.BeginRelayedOutput();
        Span<byte> payload = stackalloc byte[_options.MaxPayloadBytes];
        lock (_receiveLock)
        {
            _relayAudioPayloadType = audioPayloadType;
            while (_ring.Count > 0)
            {
                // A gap makes Take wait one call; the next call skips it.
                int length = _ring.Take(payload, out byte payloadType, out bool marker, out uint timestamp, out ushort sequence);
                if (length >= 0 && payloadType == audioPayloadType)
                {
                    var header = new RtpHeader(payloadType, sequence, timestamp, _remoteSsrc, marker);
                    Forward(target, header, payload.Slice(0, length), isEvent: false, newSource: false);
                }
            }

            Volatile.Write(ref _relayTarget, target);
        }
    }

    /// <summary>
    /// Stops relaying: packets go to the reorder ring again and the target's own sends continue its numbering from
    /// the last relayed packet. Call from the media clock; no relayed packet is sent after this returns.
    /// </summary>
    public void StopRelay()
    {
        RtpSession? target;
        lock (_receiveLock)
        {
            target = _relayTarget;
            Volatile.Write(ref _relayTarget, null);
            _ring.Reset();
        }

        target?.EndRelayedOutput();
    }

    /// <summary>Receive loop, under <c>_receiveLock</c>: maps the payload type and hands the packet to the target.</summary>
    private void Forward(RtpSession target, in RtpHeader header, ReadOnlySpan<byte> payload, bool isEvent, bool newSource)
    {
        int payloadType;
        if (isEvent)
        {
            payloadType = target.TelephoneEventPayloadType;
        }
        else
        {
            payloadType = header.PayloadType == _relayAudioPayloadType ? header.PayloadType : -1;
        }

        if (payloadType < 0 || !target.SendRelayed(header, payload, (byte)payloadType, isEvent, newSource))
        {
            _relayDropped++;
            target.SkipRelayed(header.SequenceNumber);
            return;
        }

        _relayedPackets++;
    }

    private void BeginRelayedOutput()
    {
        lock (_sendLock)
        {
            _relayedOutput = true;
            _relayRebase = true;
        }
    }

    private void EndRelayedOutput()
    {
        lock (_sendLock)
        {
            if (!_relayedOutput)
            {
                return;
            }

            _relayedOutput = false;

            // _sequence and _timestamp already follow the newest relayed packet; add any silence since it.
            uint gap = SilenceSinceLastSend();
            if (gap > 0)
            {
                _timestamp += gap;
                _markNext = true;
            }
        }
    }

    /// <summary>Sends one relayed packet with our SSRC and the mapped sequence and timestamp.</summary>
    private bool SendRelayed(in RtpHeader header, ReadOnlySpan<byte> payload, byte payloadType, bool isEvent, bool newSource)
    {
        if (payload.Length > _maxPayloadBytes)
        {
            return false;
        }

        lock (_sendLock)
        {
            if (!_relayedOutput)
            {
                return false;
            }

            if (_relayRebase || newSource)
            {
                Rebase(header.SequenceNumber, header.Timestamp);
            }

            ushort sequence = (ushort)(header.SequenceNumber + _relaySequenceOffset);
            int ahead = (short)(ushort)(sequence - _sequence);
            if (ahead > MaxRelayJump || ahead < -MaxRelayJump)
            {
                // The far end restarted its numbering without a new SSRC: continue ours instead of jumping.
                Rebase(header.SequenceNumber, header.Timestamp);
                sequence = _sequence;
                ahead = 0;
            }

            if (ahead < 0 && -ahead > _relayAdvanced)
            {
                // A late packet from before the switch: its number was used by one of our own (mixed) packets.
                return false;
            }

            uint timestamp = header.Timestamp + _relayTimestampOffset;
            if (!SendPacket(payload, payloadType, header.Marker, sequence, timestamp, keepMark: isEvent))
            {
                return false;
            }

            if (ahead >= 0)
            {
                _sequence = (ushort)(sequence + 1);
                _relayAdvanced = Math.Min(_relayAdvanced + ahead + 1, MaxRelayJump + 1);
            }

            if (!isEvent)
            {
                // G.711: one byte per sample.
                uint end = timestamp + (uint)payload.Length;
                if ((int)(end - _timestamp) > 0)
                {
                    _timestamp = end;
                }

                _lastSentTimestamp = timestamp;
                _lastSentSamples = payload.Length;
            }

            return true;
        }
    }

    /// <summary>A dropped packet that was next in line leaves no hole in our numbering (the far end would count it lost).</summary>
    private void SkipRelayed(ushort sequence)
    {
        lock (_sendLock)
        {
            if (_relayedOutput && !_relayRebase && (ushort)(sequence + _relaySequenceOffset) == _sequence)
            {
                _relaySequenceOffset--;
            }
        }
    }

    /// <summary>Maps the given received numbers onto our next sequence number and timestamp (under <c>_sendLock</c>).</summary>
    private void Rebase(ushort sequence, uint timestamp)
    {
        uint gap = SilenceSinceLastSend();
        if (gap > 0)
        {
            _markNext = true;
        }

        _relaySequenceOffset = (ushort)(_sequence - sequence);
        _relayTimestampOffset = _timestamp + gap - timestamp;
        _relayAdvanced = 0;
        _relayRebase = false;
    }

    /// <summary>
    /// Samples of silence between the end of the last packet sent and now, in whole frames; 0 within a frame of
    /// the expected send time (that is jitter, not a pause). Under <c>_sendLock</c>.
    /// </summary>
    private uint SilenceSinceLastSend()
    {
        if (_lastSentTicks == 0)
        {
            return 0;
        }

        long elapsed = (_time.GetTimestamp() - _lastSentTicks) * MediaFormat.SampleRate / _time.TimestampFrequency;
        long silence = elapsed - _lastSentSamples;
        if (silence <= MediaFormat.FrameSamples)
        {
            return 0;
        }

        return (uint)(silence / MediaFormat.FrameSamples * MediaFormat.FrameSamples);
    }
}
