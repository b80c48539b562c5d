using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Benchmarks;

/// <summary>
/// One received 172-byte PCMU datagram of a bridged call, from the receive loop's hand-off to the send on the other
/// leg's socket (a real <c>sendto</c> on 127.0.0.1), two ways: relayed (parse, latch check, statistics, header
/// rewrite, send) and mixed (the same receive into the reorder ring, then what a tick does for it: take, G.711
/// decode, encode, send). Goal for the relay: nothing allocated per packet. The "no send" pair is the same work
/// towards a leg with no remote yet (c=0.0.0.0), so the <c>sendto</c> system call, which dominates, is left out.
/// </summary>
[MemoryDiagnoser]
public class RelayBenchmarks
{
    private readonly byte[] _datagram = new byte[RtpHeader.FixedSize + 160];
    private readonly short[] _frame = new short[MediaFormat.FrameSamples];
    private RtpSession _relaySource = null!;
    private RtpSession _relayTarget = null!;
    private RtpSession _mixSource = null!;
    private RtpSession _mixTarget = null!;
    private RtpLegPort _mixSourcePort = null!;
    private RtpLegPort _mixTargetPort = null!;
    private Socket _phone = null!;
    private Socket _otherPhone = null!;
    private SocketAddress _from = null!;
    private RtpSession _quietRelaySource = null!;
    private RtpSession _quietRelayTarget = null!;
    private RtpSession _quietMixSource = null!;
    private RtpSession _quietMixTarget = null!;
    private RtpLegPort _quietMixSourcePort = null!;
    private RtpLegPort _quietMixTargetPort = null!;
    private ushort _relaySequence;
    private ushort _mixSequence;
    private ushort _quietRelaySequence;
    private ushort _quietMixSequence;

    [GlobalSetup]
    public void Setup()
    {
        _phone = Bound();
        _otherPhone = Bound();
        var phone = (IPEndPoint)_phone.LocalEndPoint!;
        var otherPhone = (IPEndPoint)_otherPhone.LocalEndPoint!;
        _from = phone.Serialize();
        var ports = new RtpPortRange(40000 + (2 * Random.Shared.Next(0, 5000)), 59999);
        var options = new RtpSessionOptions { RtcpInterval = TimeSpan.Zero, RtpTimeout = TimeSpan.Zero };

        _relaySource = RtpSession.Open(IPAddress.Loopback, ports, options);
        _relayTarget = RtpSession.Open(IPAddress.Loopback, ports, options);
        _relaySource.SetRemote(phone);
        _relayTarget.SetRemote(otherPhone);
        _relaySource.StartRelay(_relayTarget, RtpLegPort.PcmuPayloadType);

        _mixSource = RtpSession.Open(IPAddress.Loopback, ports, options);
        _mixTarget = RtpSession.Open(IPAddress.Loopback, ports, options);
        _mixSource.SetRemote(phone);
        _mixTarget.SetRemote(otherPhone);
        _mixSourcePort = new RtpLegPort("caller", _mixSource, RtpLegPort.PcmuPayloadType, concealLoss: false);
        _mixTargetPort = new RtpLegPort("agent", _mixTarget, RtpLegPort.PcmuPayloadType);

        var nowhere = new IPEndPoint(IPAddress.Any, 0);
        _quietRelaySource = RtpSession.Open(IPAddress.Loopback, ports, options);
        _quietRelayTarget = RtpSession.Open(IPAddress.Loopback, ports, options);
        _quietRelaySource.SetRemote(phone);
        _quietRelayTarget.SetRemote(nowhere);
        _quietRelaySource.StartRelay(_quietRelayTarget, RtpLegPort.PcmuPayloadType);
        _quietMixSource = RtpSession.Open(IPAddress.Loopback, ports, options);
        _quietMixTarget = RtpSession.Open(IPAddress.Loopback, ports, options);
        _quietMixSource.SetRemote(phone);
        _quietMixTarget.SetRemote(nowhere);
        _quietMixSourcePort = new RtpLegPort("caller", _quietMixSource, RtpLegPort.PcmuPayloadType, concealLoss: false);
        _quietMixTargetPort = new RtpLegPort("agent", _quietMixTarget, RtpLegPort.PcmuPayloadType);

        new Random(7).NextBytes(_datagram.AsSpan(RtpHeader.FixedSize));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _relaySource.Dispose();
        _relayTarget.Dispose();
        _mixSource.Dispose();
        _mixTarget.Dispose();
        _quietRelaySource.Dispose();
        _quietRelayTarget.Dispose();
        _quietMixSource.Dispose();
        _quietMixTarget.Dispose();
        _phone.Dispose();
        _otherPhone.Dispose();
    }

    [Benchmark(Baseline = true, Description = "mixed: ring, decode, encode, send")]
    public bool MixOnePacket()
    {
        ushort sequence = _mixSequence++;
        Stamp(sequence);
        _mixSource.OnRtp(_datagram, _from);
        bool heard = _mixSourcePort.ReadFrame(_frame);
        _mixTargetPort.WriteFrame(_frame);
        return heard;
    }

    [Benchmark(Description = "relayed: rewrite header, send")]
    public long RelayOnePacket()
    {
        Stamp(_relaySequence++);
        _relaySource.OnRtp(_datagram, _from);
        return _relaySource.RelayedPackets;
    }

    [Benchmark(Description = "mixed, no send")]
    public bool MixOnePacketNoSend()
    {
        Stamp(_quietMixSequence++);
        _quietMixSource.OnRtp(_datagram, _from);
        bool heard = _quietMixSourcePort.ReadFrame(_frame);
        _quietMixTargetPort.WriteFrame(_frame);
        return heard;
    }

    [Benchmark(Description = "relayed, no send")]
    public long RelayOnePacketNoSend()
    {
        Stamp(_quietRelaySequence++);
        _quietRelaySource.OnRtp(_datagram, _from);
        return _quietRelaySource.RelayDroppedPackets;
    }

    private void Stamp(ushort sequence) =>
        new RtpHeader(RtpLegPort.PcmuPayloadType, sequence, sequence * 160u, 0x5EED_0002).Write(_datagram);

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
