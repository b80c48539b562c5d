using System.Net;
using HotlineTelephony.Media.Rtp;
using HotlineTelephony.Media.Rtp.Receive;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Media.Tests.Engine;

namespace HotlineTelephony.Media.Tests.Rtp.Receive;

/// <summary>Sessions on the receive loops: which loop reads them, both loop modes, and closing under traffic.</summary>
public sealed class RtpReceiversTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void SessionsWithoutReceiversOfTheirOwnAreReadByEpollThreads()
    {
        Assert.Equal(ReceiveLoopMode.Epoll, RtpReceivers.Default.Mode);
        Assert.Equal(Environment.ProcessorCount, RtpReceivers.Default.ThreadCount);
    }

    [Fact]
    public void EachSessionGoesWholeToTheLeastLoadedLoop()
    {
        using var receivers = new RtpReceivers(ReceiveLoopMode.Epoll, threads: 2);
        var ports = UdpPeer.NewPorts();
        var sessions = Enumerable.Range(0, 4).Select(_ => RtpSession.Open(IPAddress.Loopback, ports)).ToList();
        try
        {
            foreach (var session in sessions)
            {
                session.Start(receivers);
            }

            // RTP and RTCP of one session together, sessions alternating: 2 sessions (4 sockets) per loop.
            Assert.All(receivers.Loops, loop => Assert.Equal(4, loop.RegistrationCount));
            sessions[0].Dispose();
            sessions[2].Dispose();
            Assert.Equal(4, receivers.Loops.Sum(loop => loop.RegistrationCount));
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }

        Assert.All(receivers.Loops, loop => Assert.Equal(0, loop.RegistrationCount));
    }

    [Theory]
    [InlineData(ReceiveLoopMode.Epoll)]
    [InlineData(ReceiveLoopMode.Async)]
    public async Task BothLoopsDeliverRtpAndRtcpAndStopOnDispose(ReceiveLoopMode mode)
    {
        using var receivers = new RtpReceivers(mode, threads: 1);
        Assert.Equal(mode, receivers.Mode);
        using var phone = new UdpPeer();
        var session = RtpSession.Open(IPAddress.Loopback, UdpPeer.NewPorts());
        session.SetRemote(phone.EndPoint, new IPEndPoint(IPAddress.Loopback, phone.EndPoint.Port));
        session.Start(receivers);

        phone.SendRtp(session.LocalRtpEndPoint, 1, payload: new byte[160]);
        phone.SendRaw(session.LocalRtcpEndPoint, ReceiverReport());
        UdpPeer.WaitUntil(() => session.ReceiveSnapshot().Packets == 1 && session.RtcpPacketsReceived == 1);

        await session.DisposeAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(0, receivers.Loops.Sum(loop => loop.RegistrationCount));
    }

    [Fact]
    public async Task ASessionClosedWhilePacketsStillArriveTakesNoneAfterItsDisposeAndTheLoopServesOthers()
    {
        using var receivers = new RtpReceivers(ReceiveLoopMode.Epoll, threads: 1);
        using var phone = new UdpPeer();
        var ports = UdpPeer.NewPorts();
        var closing = RtpSession.Open(IPAddress.Loopback, ports);
        closing.SetRemote(phone.EndPoint);
        closing.Start(receivers);
        using var pouring = new CancellationTokenSource();
        var sender = Task.Run(() =>
        {
            for (ushort sequence = 0; !pouring.IsCancellationRequested; sequence++)
            {
                try
                {
                    phone.SendRtp(closing.LocalRtpEndPoint, sequence, payload: new byte[160]);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // Port unreachable once the session's socket is closed.
                }

                if (sequence % 32 == 0)
                {
                    Thread.Sleep(1);
                }
            }
        });

        UdpPeer.WaitUntil(() => closing.ReceiveSnapshot().Packets > 50);
        await closing.DisposeAsync().AsTask().WaitAsync(Patience);
        long taken = closing.ReceiveSnapshot().Packets;
        Thread.Sleep(100);
        await pouring.CancelAsync();
        await sender.WaitAsync(Patience);

        Assert.Equal(taken, closing.ReceiveSnapshot().Packets);
        Assert.Equal(0, receivers.HandlerFaults);
        using var next = RtpSession.Open(IPAddress.Loopback, ports);
        next.SetRemote(phone.EndPoint);
        next.Start(receivers);
        phone.SendRtp(next.LocalRtpEndPoint, 1, payload: new byte[160]);
        UdpPeer.WaitUntil(() => next.ReceiveSnapshot().Packets == 1);
    }

    [Theory]
    [InlineData(ReceiveLoopMode.Epoll)]
    [InlineData(ReceiveLoopMode.Async)]
    public async Task TheEnginesLegsAreReadTheWayMediaReceiveLoopSays(ReceiveLoopMode mode)
    {
        using var recordings = new TempFolder();
        using var engine = new MediaEngine(new MediaEngineOptions
        {
            Workers = 1,
            ReceiveLoop = mode,
            ReceiveThreads = 3,
            Recording = new RecordingOptions { Folder = recordings.Path },
        });
        Assert.Equal(mode, engine.Receivers.Mode);
        Assert.Equal(mode == ReceiveLoopMode.Epoll ? 3 : 0, engine.Receivers.ThreadCount);

        using var phone = new UdpPeer();
        var call = engine.CreateCall("receive-loop", IPAddress.Loopback, "127.0.0.1");
        var leg = call.AddLeg("caller");
        Assert.NotNull(leg.Answer(
            "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            $"m=audio {phone.EndPoint.Port} RTP/AVP 0\r\n"));
        Assert.Equal(2, engine.Receivers.Loops.Sum(loop => loop.RegistrationCount));

        phone.SendRtp(new IPEndPoint(IPAddress.Loopback, leg.LocalPort), 1, payload: new byte[160]);
        UdpPeer.WaitUntil(() => leg.Session.ReceiveSnapshot().Packets == 1);

        await call.CloseAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(0, engine.Receivers.Loops.Sum(loop => loop.RegistrationCount));
    }

    [Fact]
    public void ANegativeReceiveThreadCountIsRefusedNamingTheSetting()
    {
        var options = new MediaEngineOptions { ReceiveThreads = -1 };
        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("Media:ReceiveThreads", error.Message);
    }

    private static byte[] ReceiverReport()
    {
        var buffer = new byte[64];
        int length = RtcpPacket.WriteReceiverReport(buffer, 0x5EED_0001, default);
        return buffer.AsSpan(0, length).ToArray();
    }
}
