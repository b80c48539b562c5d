using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// One UDP socket used both to receive and to send, so replies leave from the port requests arrive on
/// (symmetric signalling is what NAT bindings and RFC 3581 rport rely on). Several receive threads share it
/// (Kamailio's UDP receivers): each blocks in <c>recvfrom</c> and handles its datagram right there, so SIP does not
/// wait behind other work in the thread-pool queue and a datagram costs no epoll wake-up or work item. Each thread
/// owns one pooled 64 KiB buffer, one <see cref="SocketAddress"/> and a small cache from socket address to
/// <see cref="IPEndPoint"/>, so a datagram costs only the exact-size copy the parsed message keeps.
/// </summary>
/// <remarks>
/// Only synchronous calls are made on the socket, so it stays a blocking socket and <c>recvfrom</c> and
/// <c>sendto</c> go straight to the kernel. A receive timeout lets the threads notice a stop.
/// </remarks>
internal sealed class UdpSipTransport : IDisposable
{
    // Largest UDP payload; receiving into a buffer this size lets us see (and refuse) oversize datagrams
    // instead of getting them silently truncated.
    private const int DatagramBufferBytes = 65536;
    private const int EndPointCacheLimit = 4096;

    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(250);

    private static readonly IPEndPoint s_anyV4 = new(IPAddress.Any, 0);
    private static readonly IPEndPoint s_anyV6 = new(IPAddress.IPv6Any, 0);

    private readonly SipTransportOptions _options;
    private readonly ISipTransportReceiver _receiver;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();
    private Thread[] _threads = [];

    public UdpSipTransport(SipTransportOptions options, IPEndPoint bindTo, ISipTransportReceiver receiver, ILogger logger)
    {
        _options = options;
        _receiver = receiver;
        _logger = logger;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (options.ReceiveBufferBytes > 0)
            {
                _socket.ReceiveBufferSize = options.ReceiveBufferBytes;
            }

            _socket.Bind(bindTo);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start()
    {
        // Wakes a thread blocked in recvfrom often enough to see a stop; busy threads never wait for it.
        _socket.ReceiveTimeout = (int)StopCheckInterval.TotalMilliseconds;
        var threads = new Thread[_options.UdpReceiveLoops];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(ReceiveLoop) { Name = $"sip udp {i}", IsBackground = true };
            threads[i].Start();
        }

        _threads = threads;
        SipTransportLog.Listening(_logger, "UDP", LocalEndPoint);
    }

    /// <summary>
    /// Sends one datagram. UDP sends do not wait for the peer, so the synchronous call returns at once and
    /// the caller's pooled buffer can be reused right after.
    /// </summary>
    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
        }
        catch (SocketException ex)
        {
            throw new SipTransportException($"UDP send to {destination} failed: {ex.SocketErrorCode}", ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new SipTransportException("The UDP transport is stopped", ex);
        }
    }

    public async Task StopAsync()
    {
        _stopping.Cancel();
        var threads = _threads;
        await Task.Run(() =>
        {
            foreach (var thread in threads)
            {
                thread.Join();
            }
        }).ConfigureAwait(false);
        _socket.Dispose();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _socket.Dispose();
        _stopping.Dispose();
    }

    private void ReceiveLoop()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DatagramBufferBytes);
        var address = new SocketAddress(_socket.AddressFamily);
        var endPoints = new Dictionary<SocketAddress, IPEndPoint>();
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer.AsSpan(0, DatagramBufferBytes), SocketFlags.None, address);
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
                {
                    continue;
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
                {
                    // ICMP errors from an earlier send surface on the next receive; they say nothing about
                    // the datagrams still to come.
                    continue;
                }
                catch (SocketException ex) when (!token.IsCancellationRequested)
                {
                    SipTransportLog.UdpReceiveFailed(_logger, ex);
                    continue;
                }
                catch (SocketException)
                {
                    break;
                }

                if (received == 0)
                {
                    continue;
                }

                var source = new SipRemote(SipTransportKind.Udp, ToEndPoint(endPoints, address));
                try
                {
                    _receiver.OnReceived(buffer.AsSpan(0, received), source);
                }
                catch (Exception ex)
                {
                    // The layer is written not to throw; this is the last guard that keeps the loop alive.
                    SipTransportLog.UdpReceiveFailed(_logger, ex);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IPEndPoint ToEndPoint(Dictionary<SocketAddress, IPEndPoint> cache, SocketAddress address)
    {
        if (cache.TryGetValue(address, out var ep))
        {
            return ep;
        }

        if (cache.Count >= EndPointCacheLimit)
        {
            cache.Clear();
        }

        ep = (IPEndPoint)(address.Family == AddressFamily.InterNetworkV6 ? s_anyV6 : s_anyV4).Create(address);

        // The key must be a copy: the loop's SocketAddress is overwritten by the next receive.
        var key = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(key.Buffer.Span);
        cache[key] = ep;
        return ep;
    }
}
