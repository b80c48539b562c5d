using System.Net;
using System.Net.Sockets;

namespace HotlineTelephony.Media.Rtp;

public sealed partial class RtpSession
{
    // Everything below is guarded by _receiveLock: the receive loops write, the media clock reads.
    private readonly Lock _receiveLock = new();
    private readonly RtpStatistics _received = new();
    private readonly RtpJitterRing _ring;
    private readonly long[] _malformed = new long[6];
    private volatile Remote? _remote;
    private IPEndPoint? _sdpRtp;
    private bool _latchOpen;
    private bool _anyReceived;
    private bool _hasRemoteSsrc;
    private uint _remoteSsrc;
    private long _droppedUnknownSource;
    private long _latches;

    /// <summary>Where RTP is sent: the SDP address until latched, then the observed source.</summary>
    public IPEndPoint? RemoteRtpEndPoint => _remote?.Rtp;

    public IPEndPoint? RemoteRtcpEndPoint => _remote?.Rtcp;

    /// <summary>Packets dropped because they came from a source the leg is not latched to.</summary>
    public long DroppedFromUnknownSource => Interlocked.Read(ref _droppedUnknownSource);

    /// <summary>How many times the remote was moved to an observed source.</summary>
    public long Latches => Interlocked.Read(ref _latches);

    /// <summary>Datagrams dropped as malformed RTP, all reasons.</summary>
    public long MalformedPackets
    {
        get
        {
            long sum = 0;
            for (int i = 1; i < _malformed.Length; i++)
            {
                sum += Interlocked.Read(ref _malformed[i]);
            }

            return sum;
        }
    }

    /// <summary>Audio packets the ring dropped as late or duplicate.</summary>
    public long LateOrDuplicatePackets
    {
        get
        {
            lock (_receiveLock)
            {
                return _ring.LateOrDuplicate;
            }
        }
    }

    public long MalformedPacketsOf(RtpParseStatus status) => Interlocked.Read(ref _malformed[(int)status]);

    /// <summary>
    /// Sets the remote from the SDP (<paramref name="rtcp"/> defaults to RTP port + 1) and opens the latch as
    /// <see cref="LatchMode"/> says. An SDP repeating the previous address keeps an existing latch, so a hold
    /// re-INVITE from a NATed phone does not lose its media path.
    /// </summary>
    public void SetRemote(IPEndPoint rtp, IPEndPoint? rtcp = null)
    {
        ArgumentNullException.ThrowIfNull(rtp);
        rtcp ??= new IPEndPoint(rtp.Address, rtp.Port + 1);
        lock (_receiveLock)
        {
            bool repeated = _sdpRtp is not null && _sdpRtp.Equals(rtp);
            _sdpRtp = rtp;
            if (repeated && _remote is { Latched: true })
            {
                return;
            }

            bool unspecified = rtp.Address.Equals(IPAddress.Any) || rtp.Address.Equals(IPAddress.IPv6Any) || rtp.Port == 0;
            _remote = new Remote(rtp, rtcp, latched: false, canSend: !unspecified);
            _latchOpen = _options.LatchMode switch
            {
                LatchMode.Always => true,
                LatchMode.Auto => !_anyReceived || unspecified || IsPrivate(rtp.Address),
                _ => false,
            };
        }
    }

    /// <summary>
    /// Takes the next received audio payload in sequence order; returns its length, or -1 when none is due this
    /// tick (nothing arrived, or a gap is being waited for).
    /// </summary>
    public int DequeuePayload(Span<byte> destination, out byte payloadType, out bool marker)
    {
        lock (_receiveLock)
        {
            return _ring.Take(destination, out payloadType, out marker, out _);
        }
    }

    /// <summary>Statistics of the received stream, for the call record.</summary>
    public RtpStatisticsSnapshot ReceiveSnapshot()
    {
        lock (_receiveLock)
        {
            return _received.Snapshot();
        }
    }

    internal static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] == 10
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && (b[1] & 0xC0) == 64)
                || (b[0] == 169 && b[1] == 254);
        }

        return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
    }

    /// <summary>One received datagram, from the receive loop (tests and benchmarks call it directly).</summary>
    internal void OnRtp(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            // A datagram the loop read just before the session closed.
            return;
        }

        var status = RtpPacket.TryParse(datagram, out var packet);
        if (status != RtpParseStatus.Ok)
        {
            Interlocked.Increment(ref _malformed[(int)status]);
            return;
        }

        long now = _time.GetTimestamp();
        var header = packet.Header;
        bool isEvent = header.PayloadType == TelephoneEventPayloadType;
        lock (_receiveLock)
        {
            if (!AcceptSource(source))
            {
                _droppedUnknownSource++;
                return;
            }

            bool newSource = _hasRemoteSsrc && header.Ssrc != _remoteSsrc;
            if (newSource)
            {
                // A new stream (the far end switched source without renegotiating): restart sequence tracking.
                _received.RestartSource();
                _ring.Reset();
            }

            _remoteSsrc = header.Ssrc;
            _hasRemoteSsrc = true;
            _anyReceived = true;
            Volatile.Write(ref _lastReceiveTicks, now);
            _timeoutRaised = false;

            var verdict = _received.OnReceived(header.SequenceNumber, header.Timestamp, ToClockUnits(now), packet.Payload.Length);
            if (verdict is not (RtpSequenceVerdict.Duplicate or RtpSequenceVerdict.BadSequence))
            {
                if (_relayTarget is { } target)
                {
                    // Relayed: straight out of the other leg, payload untouched; nothing goes to the ring.
                    Forward(target, header, packet.Payload, isEvent, newSource);
                }
                else if (isEvent || header.PayloadType == ComfortNoisePayloadType)
                {
                    _ring.AddPlaceholder(header.SequenceNumber);
                }
                else
                {
                    _ring.Add(header.SequenceNumber, header.PayloadType, header.Marker, header.Timestamp, packet.Payload);
                }
            }
        }

        if (isEvent)
        {
            // Redundant end packets and duplicates included: the RFC 4733 decoder de-duplicates by timestamp.
            EventSink?.OnTelephoneEvent(packet.Payload, header.Timestamp, header.Marker, header.Ssrc);
        }
    }

    private bool AcceptSource(SocketAddress source)
    {
        var remote = _remote;
        if (remote is null)
        {
            return false;
        }

        if (SameEndPoint(source, remote.RtpAddress, comparePort: true))
        {
            _latchOpen = false;
            return true;
        }

        if (_options.LatchMode == LatchMode.Off)
        {
            return SameEndPoint(source, remote.RtpAddress, comparePort: false);
        }

        if (!_latchOpen)
        {
            return false;
        }

        // Latch: from now on send to, and only hear, this source. Allocates, but once per call leg at most.
        var endPoint = (IPEndPoint)remote.Rtp.Create(source);
        _remote = new Remote(endPoint, new IPEndPoint(endPoint.Address, endPoint.Port + 1), latched: true, canSend: true);
        _latchOpen = false;
        _latches++;
        return true;
    }

    private uint ToClockUnits(long timestamp)
    {
        long frequency = _time.TimestampFrequency;
        return (uint)(((timestamp / frequency) * 8000) + ((timestamp % frequency) * 8000 / frequency));
    }

    private static bool SameEndPoint(SocketAddress a, SocketAddress b, bool comparePort)
    {
        if (a.Family != b.Family)
        {
            return false;
        }

        var x = a.Buffer.Span;
        var y = b.Buffer.Span;
        if (a.Family == AddressFamily.InterNetwork)
        {
            // sockaddr_in: family (2), port (2), address (4).
            return x.Slice(4, 4).SequenceEqual(y.Slice(4, 4)) && (!comparePort || x.Slice(2, 2).SequenceEqual(y.Slice(2, 2)));
        }

        // sockaddr_in6: family (2), port (2), flowinfo (4), address (16), scope (4).
        return x.Slice(8, 16).SequenceEqual(y.Slice(8, 16)) && (!comparePort || x.Slice(2, 2).SequenceEqual(y.Slice(2, 2)));
    }

    /// <summary>An immutable remote: replaced whole on SDP or latch so the send path reads it without a lock.</summary>
    private sealed class Remote(IPEndPoint rtp, IPEndPoint rtcp, bool latched, bool canSend)
    {
        public IPEndPoint Rtp { get; } = rtp;

        public SocketAddress RtpAddress { get; } = rtp.Serialize();

        public IPEndPoint Rtcp { get; } = rtcp;

        public SocketAddress RtcpAddress { get; } = rtcp.Serialize();

        public bool Latched { get; } = latched;

        public bool CanSend { get; } = canSend;
    }
}
