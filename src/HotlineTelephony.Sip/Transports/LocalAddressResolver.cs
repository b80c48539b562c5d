using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// Which local address the kernel would send from to reach a remote address, for Via sent-by when we listen
/// on all interfaces and no public address is configured. Asks the routing table by connecting a throw-away
/// UDP socket (no packet is sent) and caches the answer per remote address.
/// </summary>
internal sealed class LocalAddressResolver
{
    private const int CacheLimit = 1024;

    private readonly ConcurrentDictionary<IPAddress, IPAddress> _cache = new();

    public IPAddress For(IPAddress remote)
    {
        if (_cache.TryGetValue(remote, out var local))
        {
            return local;
        }

        try
        {
            using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(remote, 5060));
            local = ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            local = remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }

        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        _cache[remote] = local;
        return local;
    }
}
