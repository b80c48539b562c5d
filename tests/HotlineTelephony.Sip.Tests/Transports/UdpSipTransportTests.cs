using System.Net;
using System.Net.Sockets;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Transports;

public class UdpSipTransportTests
{
    [Fact]
    public async Task RequestReachesTheSinkWithReceivedAndRPortStampedOnTheTopVia()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = WirePeer.UdpPeer();

        WirePeer.SendTo(peer, WirePeer.Options("SIP/2.0/UDP 10.9.9.9:5070;branch=z9hG4bKnat1;rport, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKold"), layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        var (message, source) = await sink.NextAsync();

        Assert.Equal(SipTransportKind.Udp, source.Transport);
        Assert.Equal(WirePeer.PortOf(peer), source.EndPoint.Port);
        Assert.Equal(
            $"SIP/2.0/UDP 10.9.9.9:5070;branch=z9hG4bKnat1;rport={WirePeer.PortOf(peer)};received=127.0.0.1, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKold",
            message.Headers.Get(HeaderId.Via));
    }

    [Fact]
    public async Task ViaWhoseSentByIsTheSourceAndNoRPortIsLeftAlone()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = WirePeer.UdpPeer();

        WirePeer.SendTo(peer, WirePeer.Options($"SIP/2.0/UDP 127.0.0.1:{WirePeer.PortOf(peer)};branch=z9hG4bKsame"), layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        var (message, _) = await sink.NextAsync();

        Assert.Equal($"SIP/2.0/UDP 127.0.0.1:{WirePeer.PortOf(peer)};branch=z9hG4bKsame", message.Headers.Get(HeaderId.Via));
    }

    [Fact]
    public async Task MalformedDatagramWithAReadableViaIsAnswered400NamingTheFault()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = WirePeer.UdpPeer();
        var text = WirePeer.Options($"SIP/2.0/UDP 127.0.0.1:{WirePeer.PortOf(peer)};branch=z9hG4bKbad", extraHeaders: "This line has no colon\r\n");

        WirePeer.SendTo(peer, text, layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        var reply = await WirePeer.ReceiveDatagramAsync(peer);

        Assert.StartsWith("SIP/2.0 400 Malformed header line: no colon after the name\r\n", reply);
        Assert.Contains($"Via: SIP/2.0/UDP 127.0.0.1:{WirePeer.PortOf(peer)};branch=z9hG4bKbad\r\n", reply);
        Assert.Contains("Call-ID: c1@10.9.9.9\r\n", reply);
        Assert.Contains("CSeq: 1 OPTIONS\r\n", reply);
        Assert.False(sink.TryNext(out _));
    }

    [Fact]
    public async Task RequestFailingValidationIsAnsweredWithTheValidatorsStatus()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = WirePeer.UdpPeer();
        var text = WirePeer.Options($"SIP/2.0/UDP 127.0.0.1:{WirePeer.PortOf(peer)};branch=z9hG4bKcseq").Replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE", StringComparison.Ordinal);

        WirePeer.SendTo(peer, text, layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        var reply = await WirePeer.ReceiveDatagramAsync(peer);

        Assert.StartsWith("SIP/2.0 400 CSeq method does not match the request method\r\n", reply);
    }

    [Fact]
    public async Task GarbageWithoutViaIsDroppedAndCountedWithoutReply()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        long dropped = 0;
        string? reason = null;
        using var listener = TestLayers.Count(layer, "sip.messages.dropped", (v, r) =>
        {
            reason = r;
            Interlocked.Add(ref dropped, v);
        });
        using var peer = WirePeer.UdpPeer();

        WirePeer.SendTo(peer, "hello, this is not SIP\r\n\r\n", layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        await TestLayers.WaitUntilAsync(() => Interlocked.Read(ref dropped) == 1);

        // Dropping is counted instead of replying, so once the count is in, no reply can follow.
        Assert.Equal("unparsable", reason);
        Assert.Equal(0, peer.Available);
        Assert.False(sink.TryNext(out _));
    }

    [Fact]
    public async Task ResponseIsSentToTheSourcePortRecordedInRPort()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = WirePeer.UdpPeer();
        WirePeer.SendTo(peer, WirePeer.Options("SIP/2.0/UDP 10.9.9.9:5070;branch=z9hG4bKrport;rport"), layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        var (message, source) = await sink.NextAsync();

        await layer.SendResponseAsync(SipResponse.CreateFor((SipRequest)message, 200, toTag: "t1"), source);
        var reply = await WirePeer.ReceiveDatagramAsync(peer);

        Assert.StartsWith("SIP/2.0 200 OK\r\n", reply);
        Assert.Contains($"Via: SIP/2.0/UDP 10.9.9.9:5070;branch=z9hG4bKrport;rport={WirePeer.PortOf(peer)};received=127.0.0.1\r\n", reply);
        Assert.Contains("To: <sip:12345@127.0.0.1>;tag=t1\r\n", reply);
    }

    [Fact]
    public async Task DatagramOverTheSizeLimitIsAnswered513()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink, o => o.MaxMessageBytes = 2000);
        using var peer = WirePeer.UdpPeer();

        WirePeer.SendTo(peer, WirePeer.Options($"SIP/2.0/UDP 127.0.0.1:{WirePeer.PortOf(peer)};branch=z9hG4bKbig", body: new string('x', 3000)), layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        var reply = await WirePeer.ReceiveDatagramAsync(peer);

        Assert.StartsWith("SIP/2.0 513 Message Too Large\r\n", reply);
        Assert.False(sink.TryNext(out _));
    }

    [Fact]
    public async Task RequestOverTheMtuThresholdToAUdpDestinationGoesOverTcpWithATcpVia()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var request = (SipRequest)SipMessage.Parse(WirePeer.Options("SIP/2.0/UDP placeholder;branch=z9hG4bKlarge", body: new string('v', 1400)));

        var used = await layer.SendRequestAsync(request, new SipRemote(SipTransportKind.Udp, (IPEndPoint)listener.LocalEndPoint!));
        using var accepted = await listener.AcceptAsync();
        var wire = await WirePeer.ReadMessageAsync(accepted);

        var (host, port) = layer.GetSentBy(SipTransportKind.Tcp);
        Assert.Equal(SipTransportKind.Tcp, used.Transport);
        Assert.NotEqual(0, used.ConnectionId);
        Assert.Contains($"\r\nVia: SIP/2.0/TCP {host}:{port};branch=z9hG4bKlarge\r\n", wire);
        Assert.EndsWith(new string('v', 1400), wire);
    }

    [Fact]
    public async Task SmallRequestToAUdpDestinationStaysOnUdpWithOurSentBy()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = WirePeer.UdpPeer();
        var request = (SipRequest)SipMessage.Parse(WirePeer.Options("SIP/2.0/TCP placeholder:1;branch=z9hG4bKsmall;rport"));

        var used = await layer.SendRequestAsync(request, new SipRemote(SipTransportKind.Udp, (IPEndPoint)peer.LocalEndPoint!));
        var wire = await WirePeer.ReceiveDatagramAsync(peer);

        Assert.Equal(SipTransportKind.Udp, used.Transport);
        Assert.Contains($"\r\nVia: SIP/2.0/UDP 127.0.0.1:{layer.GetLocalEndPoint(SipTransportKind.Udp)!.Port};branch=z9hG4bKsmall;rport\r\n", wire);
    }

    [Fact]
    public async Task ResponseWhoseTopViaIsNotOursIsDropped()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        long dropped = 0;
        using var listener = TestLayers.Count(layer, "sip.messages.dropped", (v, r) => Interlocked.Add(ref dropped, r == "foreign-via" ? v : 0));
        using var peer = WirePeer.UdpPeer();
        var response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.7.7.7:5060;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

        WirePeer.SendTo(peer, response, layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        await TestLayers.WaitUntilAsync(() => Interlocked.Read(ref dropped) == 1);

        Assert.False(sink.TryNext(out _));
    }

    [Fact]
    public async Task ResponseToOurOwnViaIsDelivered()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = WirePeer.UdpPeer();
        int port = layer.GetLocalEndPoint(SipTransportKind.Udp)!.Port;
        var response = $"SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKours\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

        WirePeer.SendTo(peer, response, layer.GetLocalEndPoint(SipTransportKind.Udp)!);
        var (message, _) = await sink.NextAsync();

        Assert.Equal(180, ((SipResponse)message).StatusCode);
    }
}
