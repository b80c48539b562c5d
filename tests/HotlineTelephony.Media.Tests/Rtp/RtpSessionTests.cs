using System.Net;
using System.Net.Sockets;
using HotlineTelephony.Media.Rtp;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Media.Tests.Rtp;

public sealed class RtpSessionTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly UdpPeer _peer = new();
    private readonly RtpSession _session;

    public RtpSessionTests()
    {
        _session = RtpSession.Open(IPAddress.Loopback, UdpPeer.NewPorts(), new RtpSessionOptions { RtpTimeout = TimeSpan.FromSeconds(10) }, _time);
        _session.Start();
    }

    public void Dispose()
    {
        _session.Dispose();
        _peer.Dispose();
    }

    [Fact]
    public void BindsAnEvenRtpPortWithRtcpOnTheNextPort()
    {
        Assert.Equal(0, _session.LocalRtpEndPoint.Port % 2);
        Assert.Equal(_session.LocalRtpEndPoint.Port + 1, _session.LocalRtcpEndPoint.Port);
    }

    [Fact]
    public void MovesToTheNextPairWhenAPortIsInUse()
    {
        int taken = _session.LocalRtpEndPoint.Port;
        var range = new RtpPortRange(taken, taken + 3);
        using var second = RtpSession.Open(IPAddress.Loopback, range);
        Assert.Equal(taken + 2, second.LocalRtpEndPoint.Port);
    }

    [Fact]
    public void EveryPairInUseIsReportedAsPortsExhaustedNotASocketError()
    {
        // The call layer answers this with 503 and Retry-After (full), not 500 (broken).
        int taken = _session.LocalRtpEndPoint.Port;
        var onlyThatPair = new RtpPortRange(taken, taken + 2); // one pair: taken, taken + 1

        var error = Assert.Throws<RtpPortsExhaustedException>(() => RtpSession.Open(IPAddress.Loopback, onlyThatPair, new RtpSessionOptions { BindAttempts = 3 }));

        Assert.IsType<SocketException>(error.InnerException);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASessionThatHasReceivedNothingHoldsNoPacketBuffers()
    {
        // Buffers come with the first packet (jitter ring) or belong to the sending thread: thousands of calls ending
        // during set-up made 9 KB of buffers per session the largest garbage of a busy server.
        using var warm = RtpSession.Open(IPAddress.Loopback, UdpPeer.NewPorts(), new RtpSessionOptions { MaxPayloadBytes = 1400 }, _time);
        long before = GC.GetAllocatedBytesForCurrentThread();
        using var session = RtpSession.Open(IPAddress.Loopback, UdpPeer.NewPorts(), new RtpSessionOptions { MaxPayloadBytes = 1400 }, _time);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 6 * 1024);
    }

    [Fact]
    public void ReceivedPacketsAreDequeuedInSequenceOrder()
    {
        _session.SetRemote(_peer.EndPoint);
        for (int i = 0; i < 5; i++)
        {
            _peer.SendRtp(_session.LocalRtpEndPoint, (ushort)(100 + i), payload: [(byte)i, 0xFF]);
        }

        UdpPeer.WaitUntil(() => _session.ReceiveSnapshot().Packets == 5);
        Assert.Equal([0, 1, 2, 3, 4], DequeueFirstBytes(5));
        Assert.Equal(-1, _session.DequeuePayload(new byte[200], out _, out _));
    }

    [Fact]
    public void PacketsOvertakenWithinTheRingArePlayedInOrder()
    {
        _session.SetRemote(_peer.EndPoint);
        foreach (int seq in new[] { 10, 12, 11, 14, 13 })
        {
            _peer.SendRtp(_session.LocalRtpEndPoint, (ushort)seq, payload: [(byte)seq]);
        }

        UdpPeer.WaitUntil(() => _session.ReceiveSnapshot().Packets == 5);
        Assert.Equal([10, 11, 12, 13, 14], DequeueFirstBytes(5));
    }

    [Fact]
    public void MissingPacketIsWaitedForOneTickThenSkipped()
    {
        _session.SetRemote(_peer.EndPoint);
        foreach (int seq in new[] { 1, 3 })
        {
            _peer.SendRtp(_session.LocalRtpEndPoint, (ushort)seq, payload: [(byte)seq]);
        }

        UdpPeer.WaitUntil(() => _session.ReceiveSnapshot().Packets == 2);
        var buffer = new byte[200];
        Assert.Equal(1, _session.DequeuePayload(buffer, out _, out _));
        Assert.Equal(-1, _session.DequeuePayload(buffer, out _, out _));
        Assert.Equal(1, _session.DequeuePayload(buffer, out _, out _));
        Assert.Equal(3, buffer[0]);
    }

    [Fact]
    public void LatchesToTheFirstSourceWhenTheSdpAddressIsUnspecified()
    {
        _session.SetRemote(new IPEndPoint(IPAddress.Any, 0));
        _peer.SendRtp(_session.LocalRtpEndPoint, 1, payload: [1]);

        UdpPeer.WaitUntil(() => _session.Latches == 1);
        Assert.Equal(_peer.EndPoint, _session.RemoteRtpEndPoint);

        _session.Send([7, 7, 7], 0);
        var packet = _peer.Receive();
        Assert.Equal(RtpParseStatus.Ok, RtpPacket.TryParse(packet, out var parsed));
        Assert.Equal([7, 7, 7], parsed.Payload.ToArray());
    }

    [Fact]
    public void LatchesAwayFromAPrivateSdpAddressEvenAfterPacketsArrived()
    {
        using var other = new UdpPeer();
        _session.SetRemote(other.EndPoint);
        other.SendRtp(_session.LocalRtpEndPoint, 1, payload: [1]);
        UdpPeer.WaitUntil(() => _session.ReceiveSnapshot().Packets == 1);

        // Re-INVITE from a phone behind NAT advertising its private address.
        _session.SetRemote(new IPEndPoint(IPAddress.Parse("192.168.1.20"), 4000));
        _peer.SendRtp(_session.LocalRtpEndPoint, 2, payload: [2]);

        UdpPeer.WaitUntil(() => _session.Latches == 1);
        Assert.Equal(_peer.EndPoint, _session.RemoteRtpEndPoint);
    }

    [Fact]
    public void PacketFromASecondSourceIsDroppedAndCountedOnceLatched()
    {
        using var intruder = new UdpPeer();
        _session.SetRemote(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5000));
        _peer.SendRtp(_session.LocalRtpEndPoint, 1, payload: [1]);
        UdpPeer.WaitUntil(() => _session.Latches == 1);

        intruder.SendRtp(_session.LocalRtpEndPoint, 2, payload: [0xEE]);
        UdpPeer.WaitUntil(() => _session.DroppedFromUnknownSource == 1);
        Assert.Equal(_peer.EndPoint, _session.RemoteRtpEndPoint);
        Assert.Equal([1], DequeueFirstBytes(1));
        Assert.Equal(-1, _session.DequeuePayload(new byte[200], out _, out _));
    }

    [Fact]
    public void WithPublicSdpAndMediaFlowingANewSourceCannotTakeOver()
    {
        using var intruder = new UdpPeer();
        _session.SetRemote(_peer.EndPoint);
        _peer.SendRtp(_session.LocalRtpEndPoint, 1, payload: [1]);
        UdpPeer.WaitUntil(() => _session.ReceiveSnapshot().Packets == 1);

        _session.SetRemote(_peer.EndPoint);
        intruder.SendRtp(_session.LocalRtpEndPoint, 2, payload: [2]);
        UdpPeer.WaitUntil(() => _session.DroppedFromUnknownSource == 1);
        Assert.Equal(0, _session.Latches);
    }

    [Fact]
    public void LatchModeOffHearsOnlyTheSdpAddress()
    {
        using var session = RtpSession.Open(IPAddress.Loopback, UdpPeer.NewPorts(), new RtpSessionOptions { LatchMode = LatchMode.Off }, _time);
        session.Start();
        using var other = new UdpPeer();
        session.SetRemote(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 4000));
        other.SendRtp(session.LocalRtpEndPoint, 1, payload: [1]);
        UdpPeer.WaitUntil(() => session.DroppedFromUnknownSource == 1);
        Assert.Equal(0, session.Latches);
    }

    [Fact]
    public void MalformedDatagramsAreDroppedAndCountedByReason()
    {
        _session.SetRemote(_peer.EndPoint);
        _peer.SendRaw(_session.LocalRtpEndPoint, [0x80, 0x00, 0x01]);
        _peer.SendRaw(_session.LocalRtpEndPoint, Convert.FromHexString("400000010000000000000001AA"));
        _peer.SendRaw(_session.LocalRtpEndPoint, Convert.FromHexString("A00000010000000000000001AA05"));
        UdpPeer.WaitUntil(() => _session.MalformedPackets == 3);
        Assert.Equal(1, _session.MalformedPacketsOf(RtpParseStatus.ShortHeader));
        Assert.Equal(1, _session.MalformedPacketsOf(RtpParseStatus.BadVersion));
        Assert.Equal(1, _session.MalformedPacketsOf(RtpParseStatus.BadPadding));
    }

    [Fact]
    public void TelephoneEventsGoToTheSinkAndNotToAudio()
    {
        var sink = new RecordingSink();
        _session.TelephoneEventPayloadType = 101;
        _session.EventSink = sink;
        _session.SetRemote(_peer.EndPoint);
        _peer.SendRtp(_session.LocalRtpEndPoint, 1, payload: [1]);
        _peer.SendRtp(_session.LocalRtpEndPoint, 2, payloadType: 101, payload: [5, 0x0A, 0x00, 0xA0], marker: true, timestamp: 4000);
        _peer.SendRtp(_session.LocalRtpEndPoint, 3, payload: [3]);

        UdpPeer.WaitUntil(() => _session.ReceiveSnapshot().Packets == 3);
        Assert.Equal([1, 3], DequeueFirstBytes(2));
        var received = Assert.Single(sink.Events);
        Assert.Equal((5, 4000u, true, _peer.Ssrc), received);
    }

    [Fact]
    public void RtpTimeoutFiresOnceAfterSilence()
    {
        int fired = 0;
        _session.RtpTimeout += (_, _) => fired++;
        _session.SetRemote(_peer.EndPoint);

        _time.Advance(TimeSpan.FromSeconds(9));
        _session.Tick();
        Assert.Equal(0, fired);
        _time.Advance(TimeSpan.FromSeconds(2));
        _session.Tick();
        _session.Tick();
        Assert.Equal(1, fired);
    }

    [Fact]
    public void ArrivingPacketsPushTheTimeoutBack()
    {
        int fired = 0;
        _session.RtpTimeout += (_, _) => fired++;
        _session.SetRemote(_peer.EndPoint);

        _time.Advance(TimeSpan.FromSeconds(8));
        _peer.SendRtp(_session.LocalRtpEndPoint, 1, payload: [1]);
        UdpPeer.WaitUntil(() => _session.ReceiveSnapshot().Packets == 1);
        _time.Advance(TimeSpan.FromSeconds(8));
        _session.Tick();
        Assert.Equal(0, fired);
        _time.Advance(TimeSpan.FromSeconds(3));
        _session.Tick();
        Assert.Equal(1, fired);
    }

    [Fact]
    public void RtpTimeoutIsSuspendedOnHold()
    {
        int fired = 0;
        _session.RtpTimeout += (_, _) => fired++;
        _session.SetRemote(_peer.EndPoint);
        _session.Hold = true;

        _time.Advance(TimeSpan.FromMinutes(5));
        _session.Tick();
        Assert.Equal(0, fired);

        _session.Hold = false;
        _time.Advance(TimeSpan.FromSeconds(9));
        _session.Tick();
        Assert.Equal(0, fired);
        _time.Advance(TimeSpan.FromSeconds(1));
        _session.Tick();
        Assert.Equal(1, fired);
    }

    [Fact]
    public void SsrcSequenceAndTimestampContinueAcrossASourceChange()
    {
        _session.SetRemote(_peer.EndPoint);
        var frame = new byte[160];
        for (int i = 0; i < 3; i++)
        {
            _session.Send(frame, 0);
        }

        _session.MarkSourceChange();
        for (int i = 0; i < 3; i++)
        {
            _session.Send(frame, 0);
        }

        var headers = new List<RtpHeader>();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(RtpParseStatus.Ok, RtpPacket.TryParse(_peer.Receive(), out var packet));
            headers.Add(packet.Header);
        }

        for (int i = 1; i < 6; i++)
        {
            Assert.Equal(_session.Ssrc, headers[i].Ssrc);
            Assert.Equal((ushort)(headers[0].SequenceNumber + i), headers[i].SequenceNumber);
            Assert.Equal(headers[0].Timestamp + (uint)(160 * i), headers[i].Timestamp);
        }

        Assert.Equal([true, false, false, true, false, false], headers.Select(h => h.Marker));
    }

    [Fact]
    public void SendsASenderReportWithAReceptionBlockOnTheMediaTick()
    {
        using var rtcpPeer = new UdpPeer();
        _session.SetRemote(_peer.EndPoint, rtcpPeer.EndPoint);
        for (int i = 0; i < 4; i++)
        {
            _peer.SendRtp(_session.LocalRtpEndPoint, (ushort)(500 + i), payload: new byte[160]);
        }

        UdpPeer.WaitUntil(() => _session.ReceiveSnapshot().Packets == 4);
        for (int i = 0; i < 3; i++)
        {
            _session.Send(new byte[160], 0);
        }

        _time.Advance(TimeSpan.FromSeconds(8));
        _session.Tick();

        Assert.Equal(1, _session.RtcpReportsSent);
        var reader = new RtcpCompoundReader(rtcpPeer.Receive());
        Assert.True(reader.TryRead(out var sr));
        Assert.Equal(RtcpPacketType.SenderReport, sr.Type);
        Assert.Equal(_session.Ssrc, sr.Ssrc);
        Assert.True(sr.TryGetSenderInfo(out var info));
        Assert.Equal(3u, info.PacketCount);
        Assert.Equal(480u, info.OctetCount);
        var block = sr.GetReportBlock(0);
        Assert.Equal(_peer.Ssrc, block.Ssrc);
        Assert.Equal(503u, block.ExtendedHighestSequence);
        Assert.Equal(0, block.CumulativeLost);
        Assert.True(reader.TryRead(out var sdes));
        Assert.True(sdes.TryGetCname(out _, out var cname));
        Assert.Equal("hotline"u8.ToArray(), cname.ToArray());
    }

    [Fact]
    public void ClosingSendsRtcpBye()
    {
        using var rtcpPeer = new UdpPeer();
        _session.SetRemote(_peer.EndPoint, rtcpPeer.EndPoint);
        _session.Dispose();

        var reader = new RtcpCompoundReader(rtcpPeer.Receive());
        var types = new List<RtcpPacketType>();
        while (reader.TryRead(out var packet))
        {
            types.Add(packet.Type);
        }

        Assert.Equal([RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription, RtcpPacketType.Goodbye], types);
    }

    [Fact]
    public void ByeFromTheRemoteRaisesGoodbyeReceived()
    {
        using var rtcpPeer = new UdpPeer();
        _session.SetRemote(_peer.EndPoint, rtcpPeer.EndPoint);
        int byes = 0;
        _session.GoodbyeReceived += (_, _) => Interlocked.Increment(ref byes);
        var buffer = new byte[64];
        int length = RtcpPacket.WriteReceiverReport(buffer, 1, default);
        length += RtcpPacket.WriteGoodbye(buffer.AsSpan(length), 1);
        rtcpPeer.SendRaw(_session.LocalRtcpEndPoint, buffer.AsSpan(0, length).ToArray());
        UdpPeer.WaitUntil(() => Volatile.Read(ref byes) == 1);
        Assert.Equal(1, _session.RtcpPacketsReceived);
    }

    private byte[] DequeueFirstBytes(int count)
    {
        var result = new byte[count];
        var buffer = new byte[200];
        for (int i = 0; i < count; i++)
        {
            Assert.True(_session.DequeuePayload(buffer, out _, out _) > 0);
            result[i] = buffer[0];
        }

        return result;
    }

    private sealed class RecordingSink : IRtpEventSink
    {
        public List<(byte Event, uint Timestamp, bool Marker, uint Ssrc)> Events { get; } = [];

        public void OnTelephoneEvent(ReadOnlySpan<byte> payload, uint timestamp, bool marker, uint ssrc)
        {
            lock (Events)
            {
                Events.Add((payload[0], timestamp, marker, ssrc));
            }
        }
    }
}
