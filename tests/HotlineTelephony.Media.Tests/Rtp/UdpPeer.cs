using System.Net;
using System.Net.Sockets;
using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Tests.Rtp;

/// <summary>A raw UDP socket on loopback standing in for a phone or carrier: sends hand-made RTP, receives what the session sends.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 10_000;
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public uint Ssrc { get; set; } = 0x5EED_0001;

    public void SendRtp(IPEndPoint to, ushort sequence, byte payloadType = 0, ReadOnlySpan<byte> payload = default, bool marker = false, uint? timestamp = null)
    {
        var buffer = new byte[12 + payload.Length];
        RtpPacket.Write(buffer, new RtpHeader(payloadType, sequence, timestamp ?? (uint)(sequence * 160), Ssrc, marker), payload);
        _socket.SendTo(buffer, to);
    }

    public void SendRaw(IPEndPoint to, byte[] datagram) => _socket.SendTo(datagram, to);

    public byte[] Receive()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        int n = _socket.ReceiveFrom(buffer, ref from);
        return buffer.AsSpan(0, n).ToArray();
    }

    public void Dispose() => _socket.Dispose();

    public static RtpPortRange NewPorts()
    {
        int first = 30000 + (2 * Random.Shared.Next(0, 10000));
        return new RtpPortRange(first, first + 999);
    }

    /// <summary>Polls in 5 ms steps for up to 10 s: the receive loop runs on the thread pool, which a loaded CI machine starves for seconds.</summary>
    public static void WaitUntil(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "Timed out waiting for the session.");
            Thread.Sleep(5);
        }
    }
}
