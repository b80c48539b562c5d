using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Sip.Tests.Transports;

public class TcpSipTransportTests
{
    private const string Via = "SIP/2.0/TCP 10.9.9.9:5099;branch=z9hG4bKtcp";

    [Fact]
    public async Task TwoMessagesInOneSegmentAreBothDelivered()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = await WirePeer.ConnectAsync(layer.GetLocalEndPoint(SipTransportKind.Tcp)!);

        await WirePeer.SendAsync(peer, WirePeer.Options(Via + "1", body: "one") + WirePeer.Options(Via + "2", body: "two"));
        var first = await sink.NextAsync();
        var second = await sink.NextAsync();

        Assert.Equal("z9hG4bKtcp1", first.Message.TopVia!.Branch);
        Assert.Equal("one", System.Text.Encoding.UTF8.GetString(first.Message.Body.Span));
        Assert.Equal("z9hG4bKtcp2", second.Message.TopVia!.Branch);
        Assert.Equal("two", System.Text.Encoding.UTF8.GetString(second.Message.Body.Span));
        Assert.Equal(first.Source.ConnectionId, second.Source.ConnectionId);
        Assert.Equal(SipTransportKind.Tcp, first.Source.Transport);
    }

    [Fact]
    public async Task MessageSplitAcrossSegmentsIsReassembled()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = await WirePeer.ConnectAsync(layer.GetLocalEndPoint(SipTransportKind.Tcp)!);
        var text = WirePeer.Options(Via, body: "v=0\r\n");

        await WirePeer.SendAsync(peer, text[..40]);

        // The pause only makes the two halves separate segments; nothing waits on it for a result.
        await Task.Delay(50);
        Assert.False(sink.TryNext(out _));
        await WirePeer.SendAsync(peer, text[40..]);
        var (message, _) = await sink.NextAsync();

        Assert.Equal("v=0\r\n", System.Text.Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal("SIP/2.0/TCP 10.9.9.9:5099;branch=z9hG4bKtcp;received=127.0.0.1", message.Headers.Get(HeaderId.Via));
    }

    [Fact]
    public async Task DoubleCrlfPingIsAnsweredWithACrlfPong()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = await WirePeer.ConnectAsync(layer.GetLocalEndPoint(SipTransportKind.Tcp)!);

        await WirePeer.SendAsync(peer, "\r\n\r\n");

        Assert.Equal("\r\n", await WirePeer.ReadExactlyAsync(peer, 2));
        Assert.False(sink.TryNext(out _));
    }

    [Fact]
    public async Task ResponseGoesBackOnTheConnectionTheRequestCameOn()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = await WirePeer.ConnectAsync(layer.GetLocalEndPoint(SipTransportKind.Tcp)!);

        // Sent-by names an address nobody listens on: only connection reuse can deliver the response.
        await WirePeer.SendAsync(peer, WirePeer.Options(Via));
        var (message, source) = await sink.NextAsync();
        await layer.SendResponseAsync(SipResponse.CreateFor((SipRequest)message, 200), source);
        var reply = await WirePeer.ReadMessageAsync(peer);

        Assert.StartsWith("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 10.9.9.9:5099;branch=z9hG4bKtcp;received=127.0.0.1\r\n", reply);
        Assert.Equal(1, layer.TcpConnectionCount);
    }

    [Fact]
    public async Task RequestToTheSameRemoteReusesItsOpenConnection()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen();
        var remote = new SipRemote(SipTransportKind.Tcp, (System.Net.IPEndPoint)listener.LocalEndPoint!);

        var first = await layer.SendRequestAsync((SipRequest)SipMessage.Parse(WirePeer.Options(Via + "a")), remote);
        using var accepted = await listener.AcceptAsync();
        var second = await layer.SendRequestAsync((SipRequest)SipMessage.Parse(WirePeer.Options(Via + "b")), remote);

        Assert.Contains("branch=z9hG4bKtcpa", await WirePeer.ReadMessageAsync(accepted));
        Assert.Contains("branch=z9hG4bKtcpb", await WirePeer.ReadMessageAsync(accepted));
        Assert.Equal(first.ConnectionId, second.ConnectionId);
    }

    [Fact]
    public async Task StreamMessageOverTheSizeLimitIsAnswered513AndTheConnectionClosed()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink, o => o.MaxMessageBytes = 2000);
        using var peer = await WirePeer.ConnectAsync(layer.GetLocalEndPoint(SipTransportKind.Tcp)!);

        // Only the header section is sent, so the server has read everything when it closes.
        var headers = WirePeer.Options(Via).Replace("Content-Length: 0", "Content-Length: 5000", StringComparison.Ordinal);
        await WirePeer.SendAsync(peer, headers);
        var reply = await WirePeer.ReadMessageAsync(peer);

        Assert.StartsWith("SIP/2.0 513 Message Too Large\r\n", reply);
        Assert.Contains("\r\nVia: " + Via + "\r\n", reply);
        Assert.True(await WirePeer.ClosedByPeerAsync(peer));
        Assert.False(sink.TryNext(out _));
    }

    [Fact]
    public async Task StreamMessageWithoutContentLengthIsAnswered400AndTheConnectionClosed()
    {
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink);
        using var peer = await WirePeer.ConnectAsync(layer.GetLocalEndPoint(SipTransportKind.Tcp)!);

        await WirePeer.SendAsync(peer, WirePeer.Options(Via).Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal));
        var reply = await WirePeer.ReadMessageAsync(peer);

        Assert.StartsWith("SIP/2.0 400 Content-Length is required on stream transports\r\n", reply);
        Assert.True(await WirePeer.ClosedByPeerAsync(peer));
    }

    [Fact]
    public async Task IdleConnectionIsClosedByTheSweepAfterTheIdleTimeout()
    {
        var time = new FakeTimeProvider();
        var sink = new RecordingSink();
        await using var layer = TestLayers.Start(sink, o => o.TcpIdleTimeout = TimeSpan.FromSeconds(30), time);
        using var peer = await WirePeer.ConnectAsync(layer.GetLocalEndPoint(SipTransportKind.Tcp)!);
        await WirePeer.SendAsync(peer, "\r\n\r\n");
        await WirePeer.ReadExactlyAsync(peer, 2);

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, layer.TcpConnectionCount);
        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.True(await WirePeer.ClosedByPeerAsync(peer));
        await TestLayers.WaitUntilAsync(() => layer.TcpConnectionCount == 0);
    }
}
