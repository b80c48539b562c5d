using System.Net;
using System.Net.Sockets;
using HotlineTelephony.Media.Dtmf;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Rtp;
using HotlineTelephony.Media.Rtp.Receive;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Media.Tests.Rtp;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Media.Tests.Engine;

/// <summary>
/// The bridge's relay tier, through real UDP sockets on 127.0.0.1: a caller phone and an agent phone (raw sockets)
/// talk RTP to two legs of ours bridged in one <see cref="ConferenceBridge"/>, ticked by hand; the sessions run on
/// fake time so the timestamp arithmetic of every switch is exact.
/// </summary>
public sealed class RelayTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
    private readonly UdpPeer _callerPhone = new() { Ssrc = 0xCA11_0001 };
    private readonly UdpPeer _agentPhone = new() { Ssrc = 0xA6E7_0001 };
    private readonly RtpSession _caller;
    private readonly RtpSession _agent;
    private readonly ConferenceBridge _bridge = new("relay test");
    private long _tick;

    public RelayTests()
    {
        var ports = UdpPeer.NewPorts();
        var options = new RtpSessionOptions { RtcpInterval = TimeSpan.Zero };
        _caller = RtpSession.Open(IPAddress.Loopback, ports, options, _time);
        _agent = RtpSession.Open(IPAddress.Loopback, ports, options, _time);
        _caller.SetRemote(_callerPhone.EndPoint);
        _agent.SetRemote(_agentPhone.EndPoint);
        _caller.Start();
        _agent.Start();
    }

    public void Dispose()
    {
        _caller.Dispose();
        _agent.Dispose();
        _callerPhone.Dispose();
        _agentPhone.Dispose();
    }

    [Fact]
    public void SameCodecLegsRelayPayloadsByteForByteWithoutDecoding()
    {
        var (callerPort, agentPort) = BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);
        Assert.True(_bridge.IsRelaying);

        var sent = new List<byte[]>();
        for (ushort i = 0; i < 5; i++)
        {
            sent.Add(Payload(i));
            SendFromCaller((ushort)(1000 + i), sent[i]);
        }

        // Packet 0 is the silence the bridge mixed on its first tick, while the connection ramped in.
        var heard = ReceiveAll(_agentPhone, 1 + 5);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(sent[i], heard[1 + i].Payload);
            Assert.Equal(RtpLegPort.PcmuPayloadType, heard[1 + i].PayloadType);
            Assert.Equal(_agent.Ssrc, heard[1 + i].Ssrc);
        }

        // The other way too.
        var back = Payload(99);
        _agentPhone.SendRtp(_agent.LocalRtpEndPoint, 7, RtpLegPort.PcmuPayloadType, back);
        Assert.Equal(back, ReceiveAll(_callerPhone, 1 + 1)[1].Payload);

        Assert.Equal(0, callerPort.DecodedPackets);
        Assert.Equal(0, agentPort.DecodedPackets);

        // The receive thread counts a relayed packet after handing it to the kernel, so the phone may see it first.
        SpinWait.SpinUntil(() => _caller.RelayedPackets == 5 && _agent.RelayedPackets == 1, TimeSpan.FromSeconds(5));
        Assert.Equal(5, _caller.RelayedPackets);
        Assert.Equal(1, _agent.RelayedPackets);
    }

    [Fact]
    public void SsrcSequenceAndTimestampStayContinuousFromRelayToMixerWithRecorderAndBackToRelay()
    {
        var (callerPort, _) = BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);
        ushort sequence = 500;
        var relayedPayloads = new List<byte[]>();
        var mixedPayloads = new List<byte[]>();

        // Relay.
        for (int i = 0; i < 5; i++)
        {
            relayedPayloads.Add(Payload(i));
            SendFromCaller(sequence++, relayedPayloads[^1]);
        }

        // A recorder needs the samples: the mixer takes over on the next tick.
        using var writer = new RecordingWriter(_time, start: false);
        var recorder = new RecorderPort(writer, new MemorySink(), "relay-call", "");
        _bridge.Record(callerPort, recorder);
        Tick();
        Assert.False(_bridge.IsRelaying);
        for (int i = 0; i < 5; i++)
        {
            mixedPayloads.Add(Payload(10 + i));
            SendFromCaller(sequence++, mixedPayloads[^1]);
            Tick();
        }

        Assert.Equal(5, callerPort.DecodedPackets);

        // The recorder goes: one more mixed packet, then relay again.
        _bridge.RemovePort(recorder.Left);
        _bridge.RemovePort(recorder.Right);
        SendFromCaller(sequence++, Payload(20));
        Tick();
        Tick();
        Assert.True(_bridge.IsRelaying);
        for (int i = 0; i < 5; i++)
        {
            relayedPayloads.Add(Payload(30 + i));
            SendFromCaller(sequence++, relayedPayloads[^1]);
        }

        // Before the relay the bridge mixed one tick (silence, the connection ramping in): that is packet 0.
        var heard = ReceiveAll(_agentPhone, 1 + 5 + 5 + 1 + 5);
        AssertContinuous(heard);
        Assert.Equal(relayedPayloads[..5], heard.Skip(1).Take(5).Select(p => p.Payload));
        Assert.Equal(relayedPayloads[5..], heard.Skip(12).Select(p => p.Payload));

        // Click-free: the first mixed frames carry the caller's audio at full level (decode → encode is lossless
        // for G.711), no fade-in and no silent frame in between.
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(Decode(mixedPayloads[i]), Decode(heard[6 + i].Payload));
        }
        Assert.Equal(6, callerPort.DecodedPackets);
        Assert.Equal(2, _bridge.RelayStarts);
    }

    [Fact]
    public void PacketsWaitingForTheMixerWhenTheRelayStartsAreRelayedFirst()
    {
        _bridge.RelayEnabled = false;
        BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);
        Assert.False(_bridge.IsRelaying);
        SendFromCaller(1, Payload(1));
        Tick();

        // Packet 2 arrives between ticks and waits in the reorder ring; on the next tick the bridge relays.
        SendFromCaller(2, Payload(2));
        _bridge.RelayEnabled = true;
        Tick();
        Assert.True(_bridge.IsRelaying);
        SendFromCaller(3, Payload(3));

        var heard = ReceiveAll(_agentPhone, 2 + 3);
        AssertContinuous(heard);
        Assert.Equal(Decode(Payload(1)), Decode(heard[2].Payload));
        Assert.Equal(Payload(2), heard[3].Payload);
        Assert.Equal(Payload(3), heard[4].Payload);
    }

    [Fact]
    public void ANewSourceOnTheCallerSideKeepsTheAgentsStreamContinuous()
    {
        BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);
        SendFromCaller(100, Payload(1));
        SendFromCaller(101, Payload(2));

        // Prompt → agent → music on the far side: new SSRC, new numbering.
        _callerPhone.Ssrc = 0xCA11_0002;
        _callerPhone.SendRtp(_caller.LocalRtpEndPoint, 40000, RtpLegPort.PcmuPayloadType, Payload(3), timestamp: 123_456_789);
        _time.Advance(MediaFormat.FrameDuration);
        _callerPhone.SendRtp(_caller.LocalRtpEndPoint, 40001, RtpLegPort.PcmuPayloadType, Payload(4), timestamp: 123_456_789 + 160);

        var heard = ReceiveAll(_agentPhone, 5);
        AssertContinuous(heard);
    }

    [Fact]
    public void LegsOnDifferentCodecsAreStillTranscoded()
    {
        var (callerPort, agentPort) = BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmaPayloadType);
        Assert.False(_bridge.IsRelaying);
        Assert.Equal(0, _bridge.RelayStarts);

        SendFromCaller(1, Payload(1));
        Tick();

        var heard = ReceiveAll(_agentPhone, 3);
        Assert.All(heard, p => Assert.Equal(RtpLegPort.PcmaPayloadType, p.PayloadType));
        Assert.Equal(1, callerPort.DecodedPackets);
        Assert.Equal(3, agentPort.EncodedFrames);
        Assert.Equal(0, _caller.RelayedPackets);
    }

    [Fact]
    public void TelephoneEventsPassThroughWithTheOtherLegsPayloadTypeAndStillReachTheDigitReceiver()
    {
        _caller.TelephoneEventPayloadType = 101;
        _agent.TelephoneEventPayloadType = 96;
        var events = new CountingEventSink();
        _caller.EventSink = events;
        BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);

        SendFromCaller(10, Payload(1));
        byte[] start = [5, 10, 0, 160];
        byte[] end = [5, 0x80 | 10, 1, 64];
        _callerPhone.SendRtp(_caller.LocalRtpEndPoint, 11, 101, start, marker: true, timestamp: 11 * 160);
        _callerPhone.SendRtp(_caller.LocalRtpEndPoint, 12, 101, end, timestamp: 11 * 160);
        UdpPeer.WaitUntil(() => events.Count == 2);

        var heard = ReceiveAll(_agentPhone, 4);
        Assert.Equal([RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType, (byte)96, (byte)96], heard.Select(p => p.PayloadType));
        Assert.Equal(start, heard[2].Payload);
        Assert.Equal(end, heard[3].Payload);
        Assert.True(heard[2].Marker);
        Assert.False(heard[3].Marker);
        Assert.Equal(heard[2].Timestamp, heard[3].Timestamp);
        Assert.Equal(heard[1].Timestamp + 160, heard[2].Timestamp);
        Assert.Equal([(ushort)(heard[0].Sequence + 1), (ushort)(heard[0].Sequence + 2), (ushort)(heard[0].Sequence + 3)], heard.Skip(1).Select(p => p.Sequence));
    }

    [Fact]
    public void LossJitterAndRtpTimeoutAreStillMeasuredPerLegWhileRelaying()
    {
        var timedOut = 0;
        _caller.RtpTimeout += (_, _) => timedOut++;
        BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);

        SendFromCaller(1, Payload(1));
        SendFromCaller(2, Payload(2));
        SendFromCaller(4, Payload(4));

        var received = _caller.ReceiveSnapshot();
        Assert.Equal(3, received.Packets);
        Assert.Equal(1, received.Lost);
        Assert.Equal(1 + 3, _agent.SendSnapshot().Packets);

        // The sequence gap shows through to the agent as the same gap.
        var heard = ReceiveAll(_agentPhone, 4);
        Assert.Equal(heard[2].Sequence + 2, heard[3].Sequence);

        _time.Advance(TimeSpan.FromSeconds(31));
        Tick();
        Assert.True(_bridge.IsRelaying);
        Assert.Equal(1, timedOut);
    }

    [Fact]
    public void HoldSwitchesToTheMixerForTheMusicAndResumeGoesBackToRelay()
    {
        var (callerPort, agentPort) = BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);
        Assert.True(_bridge.IsRelaying);

        _bridge.Hold(agentPort, new SilencePort());
        Tick();
        Assert.False(_bridge.IsRelaying);
        Assert.False(_caller.IsRelaying);
        Tick();

        _bridge.Resume(agentPort);
        Tick();
        Assert.False(_bridge.IsRelaying);
        Tick();
        Assert.True(_bridge.IsRelaying);
        Assert.True(_caller.IsRelaying && _agent.IsRelaying);
        Assert.Equal(0, callerPort.DecodedPackets);
    }

    [Fact]
    public void InBandDtmfDetectionKeepsTheCallOnTheMixer()
    {
        var collector = new DtmfCollector(_time);
        var caller = new DtmfDetectingPort(new RtpLegPort("caller", _caller, RtpLegPort.PcmuPayloadType), collector, InBandDtmfDetection.Always);
        var agent = new RtpLegPort("agent", _agent, RtpLegPort.PcmuPayloadType);
        _bridge.Bridge(caller, agent);
        Tick();
        Tick();
        Assert.False(_bridge.IsRelaying);

        caller.Detection = InBandDtmfDetection.WithoutTelephoneEvent;
        collector.Rfc4733Negotiated = true;
        Tick();
        Assert.True(_bridge.IsRelaying);
    }

    [Fact]
    public void ThirdPartyJoiningStopsTheRelay()
    {
        var (callerPort, agentPort) = BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);
        var third = new SilencePort();
        _bridge.Conference(callerPort, agentPort, third);
        Tick();
        Assert.False(_bridge.IsRelaying);

        _bridge.RemovePort(third);
        Tick();
        Tick();
        Assert.True(_bridge.IsRelaying);
    }

    [Fact]
    public void TheRelayFollowsTheLatchedAddressAndIgnoresStrangers()
    {
        // The caller's SDP names a port nothing listens on (a phone behind NAT): its first packet latches the leg.
        using var stranger = new UdpPeer();
        _caller.SetRemote(new IPEndPoint(IPAddress.Loopback, stranger.EndPoint.Port + 2));
        BridgeLegs(RtpLegPort.PcmuPayloadType, RtpLegPort.PcmuPayloadType);
        SendFromCaller(1, Payload(1));
        Assert.Equal(_callerPhone.EndPoint, _caller.RemoteRtpEndPoint);

        var toCaller = Payload(2);
        _agentPhone.SendRtp(_agent.LocalRtpEndPoint, 50, RtpLegPort.PcmuPayloadType, toCaller);
        Assert.Equal(toCaller, ReceiveAll(_callerPhone, 1)[0].Payload);

        stranger.SendRtp(_caller.LocalRtpEndPoint, 2, RtpLegPort.PcmuPayloadType, Payload(3));
        UdpPeer.WaitUntil(() => _caller.DroppedFromUnknownSource == 1);
        Assert.Equal(1, _caller.RelayedPackets);
    }

    /// <summary>
    /// Allocation is measured over whole windows of packets, and one window of these must show 0 bytes: an
    /// allocation per packet (or per hundred) shows in every window, while the runtime's own one-off allocations
    /// (tiered JIT promoting a method mid-window, on whichever thread calls it) do not repeat.
    /// </summary>
    private const int SteadyStateWindows = 3;

    [Fact]
    public void RelayingAPacketAllocatesNothing()
    {
        // No receive loops: the test thread plays the receive loop, so the thread's allocation counter sees all of it.
        var ports = UdpPeer.NewPorts();
        using var source = RtpSession.Open(IPAddress.Loopback, ports);
        using var target = RtpSession.Open(IPAddress.Loopback, ports);
        using var phone = new UdpPeer();
        using var other = new UdpPeer();
        source.SetRemote(phone.EndPoint);
        target.SetRemote(other.EndPoint);
        source.TelephoneEventPayloadType = 101;
        target.TelephoneEventPayloadType = 101;
        source.StartRelay(target, RtpLegPort.PcmuPayloadType);
        var from = phone.EndPoint.Serialize();
        var datagram = new byte[RtpHeader.FixedSize + 160];

        void Relay(int count, ref ushort sequence)
        {
            for (int i = 0; i < count; i++)
            {
                RtpPacket.Write(datagram, new RtpHeader(RtpLegPort.PcmuPayloadType, sequence, sequence * 160u, 0x1234_5678), datagram.AsSpan(RtpHeader.FixedSize));
                source.OnRtp(datagram, from);
                sequence++;
            }
        }

        ushort sequence = 1;
        Relay(200, ref sequence);
        var windows = new List<long>();
        for (int window = 0; window < SteadyStateWindows && !windows.Contains(0); window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Relay(70_000, ref sequence); // past a sequence wrap on both sides
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Contains(0, windows);
        Assert.Equal(200 + (70_000 * windows.Count), source.RelayedPackets);
        Assert.Equal(200 + (70_000 * windows.Count), target.SendSnapshot().Packets);
    }

    [Fact]
    public void RelayingAPacketThroughTheEpollReceiveLoopAllocatesNothing()
    {
        // Real datagrams through a receive thread of our own. The thread's allocation counter is read on that thread
        // by a probe socket on the same loop, before and after 20,000 relayed packets (past a sequence wrap).
        using var receivers = new RtpReceivers(ReceiveLoopMode.Epoll, threads: 1);
        var loop = Assert.Single(receivers.Loops);
        var ports = UdpPeer.NewPorts();
        var options = new RtpSessionOptions { RtcpInterval = TimeSpan.Zero, RtpTimeout = TimeSpan.Zero };
        using var source = RtpSession.Open(IPAddress.Loopback, ports, options);
        using var target = RtpSession.Open(IPAddress.Loopback, ports, options);
        using var phone = new UdpPeer();
        using var other = new UdpPeer();
        source.SetRemote(phone.EndPoint);
        target.SetRemote(other.EndPoint);
        source.Start(receivers);
        target.Start(receivers);
        source.StartRelay(target, RtpLegPort.PcmuPayloadType);

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        long probed = 0;
        long probes = 0;
        loop.Add(probe, (_, _) =>
        {
            Volatile.Write(ref probed, GC.GetAllocatedBytesForCurrentThread());
            Interlocked.Increment(ref probes);
        });

        long AllocatedOnTheLoopThread()
        {
            long before = Interlocked.Read(ref probes);
            phone.SendRaw((IPEndPoint)probe.LocalEndPoint!, [0]);
            UdpPeer.WaitUntil(() => Interlocked.Read(ref probes) > before);
            return Volatile.Read(ref probed);
        }

        var payload = new byte[MediaFormat.FrameSamples];
        var datagram = new byte[RtpHeader.FixedSize + MediaFormat.FrameSamples];
        ushort sequence = 60_000;
        void Relay(int count)
        {
            // Paced so the socket's receive buffer never overflows on a slow machine: every packet must arrive.
            for (int sent = 0; sent < count; sent += 100)
            {
                long relayed = source.RelayedPackets;
                for (int i = 0; i < 100; i++)
                {
                    RtpPacket.Write(datagram, new RtpHeader(RtpLegPort.PcmuPayloadType, sequence, sequence * 160u, 0x1234_5678), payload);
                    phone.SendRaw(source.LocalRtpEndPoint, datagram);
                    sequence++;
                }

                UdpPeer.WaitUntil(() => source.RelayedPackets == relayed + 100);
            }
        }

        Relay(2_000);
        var windows = new List<long>();
        for (int window = 0; window < SteadyStateWindows && !windows.Contains(0); window++)
        {
            long before = AllocatedOnTheLoopThread();
            Relay(10_000); // the first window goes past a sequence wrap
            windows.Add(AllocatedOnTheLoopThread() - before);
        }

        Assert.Contains(0, windows);
        Assert.Equal(2_000 + (10_000 * windows.Count), source.RelayedPackets);
        Assert.Equal(2_000 + (10_000 * windows.Count), target.SendSnapshot().Packets);
        Assert.Equal(0, receivers.HandlerFaults);
    }

    private (RtpLegPort Caller, RtpLegPort Agent) BridgeLegs(byte callerPayloadType, byte agentPayloadType)
    {
        var caller = new RtpLegPort("caller", _caller, callerPayloadType);
        var agent = new RtpLegPort("agent", _agent, agentPayloadType);
        _bridge.Bridge(caller, agent);
        Tick(); // connections ramp in: mixed
        Tick(); // settled: relayed when the codecs match
        return (caller, agent);
    }

    /// <summary>One media tick, 20 ms later.</summary>
    private void Tick()
    {
        _time.Advance(MediaFormat.FrameDuration);
        _bridge.Tick(_tick++);
    }

    /// <summary>Sends a 20 ms packet from the caller's phone and waits until the caller leg has taken it.</summary>
    private void SendFromCaller(ushort sequence, byte[] payload)
    {
        long before = _caller.ReceiveSnapshot().Packets;
        _callerPhone.SendRtp(_caller.LocalRtpEndPoint, sequence, RtpLegPort.PcmuPayloadType, payload);
        UdpPeer.WaitUntil(() => _caller.ReceiveSnapshot().Packets > before);
    }

    private static byte[] Payload(int seed)
    {
        var payload = new byte[MediaFormat.FrameSamples];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static short[] Decode(byte[] muLaw)
    {
        var samples = new short[muLaw.Length];
        HotlineTelephony.Media.Codecs.G711.DecodeMuLaw(muLaw, samples);
        return samples;
    }

    private static List<Heard> ReceiveAll(UdpPeer peer, int count)
    {
        var heard = new List<Heard>();
        for (int i = 0; i < count; i++)
        {
            var datagram = peer.Receive();
            Assert.Equal(RtpParseStatus.Ok, RtpPacket.TryParse(datagram, out var packet));
            heard.Add(new Heard(packet.Header.PayloadType, packet.Header.SequenceNumber, packet.Header.Timestamp, packet.Header.Ssrc, packet.Header.Marker, packet.Payload.ToArray()));
        }

        return heard;
    }

    /// <summary>One SSRC, every sequence number once and in order, every timestamp 160 after the one before.</summary>
    private static void AssertContinuous(List<Heard> heard)
    {
        for (int i = 1; i < heard.Count; i++)
        {
            Assert.Equal(heard[0].Ssrc, heard[i].Ssrc);
            Assert.Equal((ushort)(heard[i - 1].Sequence + 1), heard[i].Sequence);
            Assert.Equal(heard[i - 1].Timestamp + 160, heard[i].Timestamp);
        }
    }

    private sealed record Heard(byte PayloadType, ushort Sequence, uint Timestamp, uint Ssrc, bool Marker, byte[] Payload);

    private sealed class CountingEventSink : IRtpEventSink
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnTelephoneEvent(ReadOnlySpan<byte> payload, uint timestamp, bool marker, uint ssrc) => Interlocked.Increment(ref _count);
    }
}
