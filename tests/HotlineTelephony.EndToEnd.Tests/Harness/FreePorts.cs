using System.Net;
using System.Net.Sockets;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// Hands out 127.0.0.1 ports that are free for both UDP and TCP (SIP listens on both) and never hands one out twice
/// in a test run. A port can still be taken by another program between the check and its use; tests live with that.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lock s_lock = new();

    public static int Next() => Next(neighbours: 0);

    /// <summary>A port whose <paramref name="neighbours"/> successors are free as well (baresip also takes SIP port + 1 for TLS).</summary>
    public static int Next(int neighbours)
    {
        lock (s_lock)
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                int port = ((IPEndPoint)probe.LocalEndPoint!).Port;
                probe.Close();

                if (port + neighbours > 65535)
                {
                    continue;
                }

                bool allFree = true;
                for (int p = port; p <= port + neighbours && allFree; p++)
                {
                    allFree = !s_handedOut.Contains(p) && IsFree(p);
                }

                if (allFree)
                {
                    for (int p = port; p <= port + neighbours; p++)
                    {
                        s_handedOut.Add(p);
                    }

                    return port;
                }
            }
        }

        throw new InvalidOperationException("No free UDP+TCP port found on 127.0.0.1.");
    }

    /// <summary>True when 127.0.0.1:<paramref name="port"/> can be bound for both UDP and TCP right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            tcp.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
