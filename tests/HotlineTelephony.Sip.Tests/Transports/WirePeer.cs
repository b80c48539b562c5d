using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HotlineTelephony.Sip.Tests.Transports;

/// <summary>Raw-socket helpers so tests assert on the bytes the layer puts on the wire.</summary>
internal static class WirePeer
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Socket UdpPeer()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return s;
    }

    public static int PortOf(Socket s) => ((IPEndPoint)s.LocalEndPoint!).Port;

    public static void SendTo(Socket s, string text, IPEndPoint to) => s.SendTo(Encoding.UTF8.GetBytes(text), to);

    public static async Task<string> ReceiveDatagramAsync(Socket s)
    {
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(Timeout);
        var result = await s.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.ReceivedBytes);
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint to)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Timeout);
        await s.ConnectAsync(to, cts.Token);
        return s;
    }

    public static async Task SendAsync(Socket s, string text) => await s.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<string> ReadExactlyAsync(Socket s, int count)
    {
        var buffer = new byte[count];
        int read = 0;
        using var cts = new CancellationTokenSource(Timeout);
        while (read < count)
        {
            int n = await s.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
            if (n == 0)
            {
                throw new IOException("Connection closed after " + read + " bytes");
            }

            read += n;
        }

        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary>Reads one SIP message off a stream: headers to the empty line, then Content-Length bytes.</summary>
    public static async Task<string> ReadMessageAsync(Socket s)
    {
        var received = new List<byte>();
        var one = new byte[1];
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            int n = await s.ReceiveAsync(one, SocketFlags.None, cts.Token);
            if (n == 0)
            {
                throw new IOException("Connection closed inside a message");
            }

            received.Add(one[0]);
            int c = received.Count;
            if (c >= 4 && received[c - 4] == '\r' && received[c - 3] == '\n' && received[c - 2] == '\r' && received[c - 1] == '\n')
            {
                break;
            }
        }

        var head = Encoding.UTF8.GetString(received.ToArray());
        int length = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return length == 0 ? head : head + await ReadExactlyAsync(s, length);
    }

    /// <summary>True when the peer closes the connection within the timeout.</summary>
    public static async Task<bool> ClosedByPeerAsync(Socket s)
    {
        var buffer = new byte[256];
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                if (await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static string Options(string via, string extraHeaders = "", string body = "") =>
        "OPTIONS sip:12345@127.0.0.1 SIP/2.0\r\n" +
        "Via: " + via + "\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:agent@10.9.9.9>;tag=f1\r\n" +
        "To: <sip:12345@127.0.0.1>\r\n" +
        "Call-ID: c1@10.9.9.9\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        extraHeaders +
        "Content-Length: " + Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture) + "\r\n" +
        "\r\n" + body;
}
