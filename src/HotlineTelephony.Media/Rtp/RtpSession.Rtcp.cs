using System.Net;
using System.Net.Sockets;

namespace HotlineTelephony.Media.Rtp;

public sealed partial class RtpSession
{
    // Guarded by _receiveLock.
    private uint _lastSenderReportMiddle;
    private long _lastSenderReportTicks;
    private long _roundTripTicks = -1;
    private long _rtcpReceived;
    private long _rtcpMalformed;

    /// <summary>Compound RTCP datagrams accepted from the remote.</summary>
    public long RtcpPacketsReceived => Interlocked.Read(ref _rtcpReceived);

    /// <summary>RTCP datagrams that held a malformed packet (the packets before it were still used).</summary>
    public long RtcpMalformed => Interlocked.Read(ref _rtcpMalformed);

    /// <summary>Round-trip time from the remote's last report block about us (RFC 3550 §6.4.1), if any.</summary>
    public TimeSpan? RoundTripTime
    {
        get
        {
            long ticks = Interlocked.Read(ref _roundTripTicks);
            return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    private void SendReport(long now)
    {
        var remote = _remote;
        if (remote is null || !remote.CanSend)
        {
            return;
        }

        var block = default(RtcpReportBlock);
        int blocks = 0;
        lock (_receiveLock)
        {
            if (_hasRemoteSsrc)
            {
                uint delay = _lastSenderReportTicks == 0 ? 0 : (uint)((now - _lastSenderReportTicks) * 65536 / _time.TimestampFrequency);
                block = _received.CreateReportBlock(_remoteSsrc, _lastSenderReportMiddle, delay);
                blocks = 1;
            }
        }

        long packetsSent;
        long bytesSent;
        uint lastTimestamp;
        long lastTicks;
        lock (_sendLock)
        {
            // Read together: a relaying session's receive loop may be sending on this session right now.
            packetsSent = _sent.Packets;
            bytesSent = _sent.Bytes;
            lastTimestamp = _lastSentTimestamp;
            lastTicks = _lastSentTicks;
        }

        var buffer = _rtcpBuffer.AsSpan();
        var reportBlocks = new ReadOnlySpan<RtcpReportBlock>(in block).Slice(0, blocks);
        int length;
        if (packetsSent > 0)
        {
            // The RTP timestamp of "now" on our send clock, extrapolated from the last packet sent.
            uint rtpNow = lastTimestamp + (uint)((now - lastTicks) * 8000 / _time.TimestampFrequency);
            var info = new RtcpSenderInfo(NtpTimestamp.FromDateTime(_time.GetUtcNow()), rtpNow, (uint)packetsSent, (uint)bytesSent);
            length = RtcpPacket.WriteSenderReport(buffer, Ssrc, info, reportBlocks);
        }
        else
        {
            length = RtcpPacket.WriteReceiverReport(buffer, Ssrc, reportBlocks);
        }

        length += RtcpPacket.WriteSourceDescription(buffer.Slice(length), Ssrc, _cname);
        SendRtcp(buffer.Slice(0, length), remote);
        Interlocked.Increment(ref _reportsSent);
    }

    private void SendGoodbye()
    {
        var remote = _remote;
        if (remote is null || !remote.CanSend)
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[512];
        int length = RtcpPacket.WriteReceiverReport(buffer, Ssrc, default);
        length += RtcpPacket.WriteSourceDescription(buffer.Slice(length), Ssrc, _cname);
        length += RtcpPacket.WriteGoodbye(buffer.Slice(length), Ssrc);
        SendRtcp(buffer.Slice(0, length), remote);
    }

    private void SendRtcp(ReadOnlySpan<byte> datagram, Remote remote)
    {
        try
        {
            _rtcpSocket.SendTo(datagram, SocketFlags.None, remote.RtcpAddress);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void OnRtcp(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        long now = _time.GetTimestamp();
        bool goodbye = false;
        lock (_receiveLock)
        {
            var remote = _remote;
            if (remote is null)
            {
                _droppedUnknownSource++;
                return;
            }

            if (!SameEndPoint(source, remote.RtcpAddress, comparePort: true))
            {
                if (!SameEndPoint(source, remote.RtpAddress, comparePort: false))
                {
                    _droppedUnknownSource++;
                    return;
                }

                if (remote.Latched)
                {
                    // Symmetric RTCP: the port above the latched RTP source was a guess; use the observed one.
                    var endPoint = (IPEndPoint)remote.Rtcp.Create(source);
                    _remote = new Remote(remote.Rtp, endPoint, latched: true, canSend: true);
                }
            }

            _rtcpReceived++;
            var reader = new RtcpCompoundReader(datagram);
            while (reader.TryRead(out var packet))
            {
                switch (packet.Type)
                {
                    case RtcpPacketType.SenderReport:
                        if (packet.TryGetSenderInfo(out var info))
                        {
                            _lastSenderReportMiddle = info.MiddleNtp;
                            _lastSenderReportTicks = now;
                        }

                        ReadReportBlocks(packet);
                        break;
                    case RtcpPacketType.ReceiverReport:
                        ReadReportBlocks(packet);
                        break;
                    case RtcpPacketType.Goodbye:
                        goodbye = true;
                        break;
                }
            }

            if (reader.IsMalformed)
            {
                _rtcpMalformed++;
            }
        }

        if (goodbye)
        {
            GoodbyeReceived?.Invoke(this, EventArgs.Empty);
        }
    }

    private void ReadReportBlocks(in RtcpPacket packet)
    {
        for (int i = 0; i < packet.ReportBlockCount; i++)
        {
            var block = packet.GetReportBlock(i);
            if (block.Ssrc == Ssrc && block.LastSenderReport != 0)
            {
                // RTT = A − LSR − DLSR, all in 1/65536 s.
                uint arrival = NtpTimestamp.Middle(NtpTimestamp.FromDateTime(_time.GetUtcNow()));
                uint rtt = arrival - block.LastSenderReport - block.DelaySinceLastSenderReport;
                if (rtt < 0x8000_0000u)
                {
                    Interlocked.Exchange(ref _roundTripTicks, (long)rtt * TimeSpan.TicksPerSecond / 65536);
                }
            }
        }
    }
}
