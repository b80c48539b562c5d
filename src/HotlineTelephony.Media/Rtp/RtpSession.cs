using System.Net;
using System.Net.Sockets;
using System.Text;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Rtp.Receive;

namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// One call leg's RTP and RTCP: an even RTP port and the RTCP port above it on one local address, both read by a
/// receive loop of <see cref="RtpReceivers"/> (nothing allocated per packet), symmetric-RTP
/// latching, a reorder ring of received audio, outgoing packets with one SSRC and continuous sequence and
/// timestamp whatever feeds them, and statistics per direction.
/// </summary>
/// <remarks>
/// There is no timer per session: whoever drives the media clock calls <see cref="Tick(long)"/> (an
/// <see cref="RtpLegPort"/> does so on every frame), which raises <see cref="RtpTimeout"/> and sends the periodic
/// RTCP report. <see cref="Send"/>, <see cref="SendEvent"/>, <see cref="Tick(long)"/> and
/// <see cref="DequeuePayload"/> belong to the media clock's thread; received datagrams are handled on a receive
/// thread (an epoll loop shared with other sessions, or the thread pool with the async loop), so that handling
/// never blocks: it takes only the short receive and send locks, which the media clock also holds only briefly.
/// While another session relays into this one (<see cref="StartRelay"/>), that session's receive loop sends on this
/// one too, so the send state (sequence, timestamp, counters) is guarded by one short, normally uncontended lock.
/// </remarks>
public sealed partial class RtpSession : IDisposable, IAsyncDisposable
{
    /// <summary>RFC 3551 comfort noise: occupies a sequence number but is not G.711 audio.</summary>
    public const byte ComfortNoisePayloadType = 13;

    private readonly Socket _rtpSocket;
    private readonly Socket _rtcpSocket;
    private readonly RtpSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _cname;
    // Packets are written and sent in one go under _sendLock: a buffer per sending thread (clock and receive
    // threads) instead of 1.4 KB per session.
    [ThreadStatic]
    private static byte[]? t_sendBuffer;

    private readonly int _maxPayloadBytes;
    private readonly byte[] _rtcpBuffer = new byte[512];
    private readonly RtpStatistics _sent = new();
    private readonly long _timeoutTicks;
    private readonly long _rtcpIntervalTicks;
    private ReceiveRegistration? _rtpReceive;
    private ReceiveRegistration? _rtcpReceive;
    private int _closed;

    // Send state: the media clock thread, or the receive loop of the session relaying into this one; under _sendLock.
    private readonly Lock _sendLock = new();
    private ushort _sequence;
    private uint _timestamp;
    private bool _markNext = true;
    private uint _lastSentTimestamp;
    private long _lastSentTicks;
    private int _lastSentSamples;
    private long _sendErrors;

    // Clock state, media clock thread only (except the volatile fields the receive loops touch).
    private long _nextReportTicks;
    private long _lastReceiveTicks;
    private volatile bool _timeoutRaised;
    private volatile bool _hold;
    private long _reportsSent;

    private RtpSession(Socket rtpSocket, Socket rtcpSocket, RtpSessionOptions options, TimeProvider time)
    {
        _rtpSocket = rtpSocket;
        _rtcpSocket = rtcpSocket;
        _options = options;
        _time = time;
        _cname = Encoding.UTF8.GetBytes(options.Cname);
        _maxPayloadBytes = options.MaxPayloadBytes;
        _ring = new RtpJitterRing(options.MaxPayloadBytes);
        _timeoutTicks = (long)(options.RtpTimeout.TotalSeconds * time.TimestampFrequency);
        _rtcpIntervalTicks = (long)(options.RtcpInterval.TotalSeconds * time.TimestampFrequency);
        Ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _sequence = (ushort)Random.Shared.Next(0, 1 << 16);
        _timestamp = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
        LocalRtpEndPoint = (IPEndPoint)rtpSocket.LocalEndPoint!;
        LocalRtcpEndPoint = (IPEndPoint)rtcpSocket.LocalEndPoint!;
    }

    /// <summary>No RTP arrived for <see cref="RtpSessionOptions.RtpTimeout"/> while not on hold; raised once per silence, from <see cref="Tick(long)"/>.</summary>
    public event EventHandler? RtpTimeout;

    /// <summary>The remote sent RTCP BYE; raised on the RTCP receive thread.</summary>
    public event EventHandler? GoodbyeReceived;

    public IPEndPoint LocalRtpEndPoint { get; }

    public IPEndPoint LocalRtcpEndPoint { get; }

    /// <summary>Our SSRC, the same for every packet this leg sends whatever the source (prompt, agent, music).</summary>
    public uint Ssrc { get; }

    /// <summary>The negotiated telephone-event payload type, or -1; such packets go to <see cref="EventSink"/>, never to audio.</summary>
    public int TelephoneEventPayloadType { get; set; } = -1;

    public IRtpEventSink? EventSink { get; set; }

    /// <summary>While on hold the RTP timeout is suspended; it restarts from the moment hold ends.</summary>
    public bool Hold
    {
        get => _hold;
        set
        {
            if (_hold && !value)
            {
                Volatile.Write(ref _lastReceiveTicks, _time.GetTimestamp());
                _timeoutRaised = false;
            }

            _hold = value;
        }
    }

    /// <summary>The timestamp the next audio packet will carry (RFC 4733 events start at this value).</summary>
    public uint NextTimestamp
    {
        get
        {
            lock (_sendLock)
            {
                return _timestamp;
            }
        }
    }

    public long RtcpReportsSent => Interlocked.Read(ref _reportsSent);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>
    /// Binds an even RTP port and the odd RTCP port above it on <paramref name="localAddress"/>, taking ports from
    /// <paramref name="ports"/> and moving on when a pair is in use. Call <see cref="Start"/> to begin receiving.
    /// </summary>
    public static RtpSession Open(IPAddress localAddress, RtpPortRange ports, RtpSessionOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(ports);
        options ??= new RtpSessionOptions();
        options.Validate();
        for (int attempt = 1; ; attempt++)
        {
            int port = ports.Next();
            Socket? rtp = null;
            Socket? rtcp = null;
            try
            {
                rtp = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                rtp.Bind(new IPEndPoint(localAddress, port));
                rtcp = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                rtcp.Bind(new IPEndPoint(localAddress, port + 1));
                return new RtpSession(rtp, rtcp, options, timeProvider ?? TimeProvider.System);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < options.BindAttempts)
            {
                rtp?.Dispose();
                rtcp?.Dispose();
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                rtp?.Dispose();
                rtcp?.Dispose();
                throw new RtpPortsExhaustedException(attempt, ex);
            }
            catch
            {
                rtp?.Dispose();
                rtcp?.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Starts receiving on both sockets (on <paramref name="receivers"/>, or <see cref="RtpReceivers.Default"/>)
    /// and the timeout and RTCP schedules.
    /// </summary>
    public void Start(RtpReceivers? receivers = null)
    {
        long now = _time.GetTimestamp();
        Volatile.Write(ref _lastReceiveTicks, now);
        _nextReportTicks = now + NextReportDelay();
        var loop = (receivers ?? RtpReceivers.Default).Pick();
        _rtpReceive = loop.Add(_rtpSocket, OnRtp);
        _rtcpReceive = loop.Add(_rtcpSocket, OnRtcp);
        if (Volatile.Read(ref _closed) != 0)
        {
            // Closed while starting: Close may have missed the registrations.
            _rtpReceive.Remove();
            _rtcpReceive.Remove();
        }
    }

    /// <summary>Drives the RTP timeout and periodic RTCP; call once per media frame from the media clock.</summary>
    public void Tick() => Tick(_time.GetTimestamp());

    /// <inheritdoc cref="Tick()"/>
    /// <param name="timestamp">Now, from the session's <see cref="TimeProvider.GetTimestamp"/>.</param>
    public void Tick(long timestamp)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        if (_timeoutTicks > 0 && !_hold && !_timeoutRaised && timestamp - Volatile.Read(ref _lastReceiveTicks) >= _timeoutTicks)
        {
            _timeoutRaised = true;
            RtpTimeout?.Invoke(this, EventArgs.Empty);
        }

        if (_rtcpIntervalTicks > 0 && timestamp >= _nextReportTicks)
        {
            _nextReportTicks = timestamp + NextReportDelay();
            SendReport(timestamp);
        }
    }

    /// <summary>
    /// Sends one packet stamped with the running timestamp, then advances the timestamp by
    /// <paramref name="timestampAdvance"/> samples (160 for a 20 ms frame). The marker is also set on the first
    /// packet after <see cref="MarkSourceChange"/> or <see cref="AdvanceTimestamp"/>.
    /// </summary>
    public void Send(ReadOnlySpan<byte> payload, byte payloadType, bool marker = false, uint timestampAdvance = MediaFormat.FrameSamples)
    {
        lock (_sendLock)
        {
            uint timestamp = _timestamp;
            _timestamp += timestampAdvance;
            if (SendPacket(payload, payloadType, marker, _sequence, timestamp))
            {
                _sequence++;
                _lastSentTimestamp = timestamp;
                _lastSentSamples = (int)timestampAdvance;
            }
        }
    }

    /// <summary>
    /// Sends a telephone-event packet (payload built by the RFC 4733 encoder) with the negotiated payload type and
    /// the event's own timestamp; the running audio timestamp is not advanced (call <see cref="AdvanceTimestamp"/>
    /// for the frames the event replaced).
    /// </summary>
    public void SendEvent(ReadOnlySpan<byte> payload, bool marker, uint eventTimestamp)
    {
        if (TelephoneEventPayloadType < 0)
        {
            ThrowHelper.ThrowInvalidOperation("No telephone-event payload type was negotiated for this leg.");
        }

        lock (_sendLock)
        {
            if (SendPacket(payload, (byte)TelephoneEventPayloadType, marker, _sequence, eventTimestamp, keepMark: true))
            {
                _sequence++;
            }
        }
    }

    /// <summary>Moves the timestamp on for frames not sent (silence suppressed, events); the next packet starts a talkspurt.</summary>
    public void AdvanceTimestamp(uint samples)
    {
        lock (_sendLock)
        {
            _timestamp += samples;
            _markNext = true;
        }
    }

    /// <summary>The audio source feeding this leg changed (prompt → agent → music): mark the next packet.</summary>
    public void MarkSourceChange()
    {
        lock (_sendLock)
        {
            _markNext = true;
        }
    }

    public RtpStatisticsSnapshot SendSnapshot()
    {
        lock (_sendLock)
        {
            return _sent.Snapshot();
        }
    }

    public void Dispose()
    {
        Close();
    }

    /// <summary>Sends RTCP BYE, closes both sockets and waits until no received datagram is being handled any more.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Close())
        {
            await (_rtpReceive?.Stopped ?? Task.CompletedTask).ConfigureAwait(false);
            await (_rtcpReceive?.Stopped ?? Task.CompletedTask).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes and sends one packet with our SSRC; the caller holds <see cref="_sendLock"/> and advances the sequence
    /// when this returns true. The marker is also set when a source change is pending, except on telephone-events
    /// (<paramref name="keepMark"/>), whose marker means "start of event".
    /// </summary>
    private bool SendPacket(ReadOnlySpan<byte> payload, byte payloadType, bool marker, ushort sequence, uint timestamp, bool keepMark = false)
    {
        var remote = _remote;
        if (remote is null || !remote.CanSend || Volatile.Read(ref _closed) != 0)
        {
            // Nothing to send to yet (no SDP, or c=0.0.0.0 not latched): time still moves on.
            _markNext = true;
            return false;
        }

        if (payload.Length > _maxPayloadBytes)
        {
            ThrowHelper.ThrowArgument("The payload is larger than MaxPayloadBytes.", nameof(payload));
        }

        if (!keepMark)
        {
            marker |= _markNext;
            _markNext = false;
        }

        var header = new RtpHeader(payloadType, sequence, timestamp, Ssrc, marker);
        var buffer = SendBuffer(payload.Length);
        int length = RtpPacket.Write(buffer, header, payload);
        _lastSentTicks = _time.GetTimestamp();
        try
        {
            _rtpSocket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, remote.RtpAddress);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        _sent.OnSent(payload.Length);
        return true;
    }

    /// <summary>This thread's packet buffer, big enough for a header and <paramref name="payloadBytes"/>.</summary>
    private static byte[] SendBuffer(int payloadBytes)
    {
        var buffer = t_sendBuffer;
        if (buffer is null || buffer.Length < RtpHeader.FixedSize + payloadBytes)
        {
            t_sendBuffer = buffer = new byte[Math.Max(RtpHeader.FixedSize + payloadBytes, 1500)];
        }

        return buffer;
    }

    private long NextReportDelay() => (long)(_rtcpIntervalTicks * (0.5 + Random.Shared.NextDouble()));

    private bool Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        SendGoodbye();

        // Off the receive loop before the sockets close, so the loop never reads a closed (or reused) descriptor.
        _rtpReceive?.Remove();
        _rtcpReceive?.Remove();
        _rtpSocket.Dispose();
        _rtcpSocket.Dispose();
        return true;
    }
}
