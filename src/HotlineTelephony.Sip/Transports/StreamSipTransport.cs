using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// What every connection-oriented transport shares: the connection table (by id for responses, by remote
/// end point for reuse, RFC 3261 §18.1/§18.2.2), the connection limit, connect-on-demand with a timeout,
/// and one periodic idle sweep for all connections instead of a timer each.
/// </summary>
/// <remarks>
/// Subclasses supply only the listener and how a connected <see cref="Stream"/> is made: TCP hands out a
/// NetworkStream; TLS will wrap it in an SslStream after the handshake, and WebSocket after the upgrade.
/// The transaction layer above is unaffected by which one it is.
/// </remarks>
internal abstract class StreamSipTransport : IAsyncDisposable
{
    private static long s_nextConnectionId;

    private readonly ConcurrentDictionary<long, SipStreamConnection> _byId = new();
    private readonly ConcurrentDictionary<IPEndPoint, SipStreamConnection> _byRemote = new();
    private readonly ConcurrentDictionary<IPEndPoint, Task<SipStreamConnection>> _connecting = new();
    private readonly ISipTransportReceiver _receiver;
    private ITimer? _sweep;
    private int _count;

    protected StreamSipTransport(SipTransportKind kind, SipTransportOptions options, ISipTransportReceiver receiver, TimeProvider time, ILogger logger)
    {
        Kind = kind;
        Options = options;
        _receiver = receiver;
        Time = time;
        Logger = logger;
    }

    public SipTransportKind Kind { get; }

    public abstract IPEndPoint LocalEndPoint { get; }

    public int ConnectionCount => Volatile.Read(ref _count);

    protected SipTransportOptions Options { get; }

    protected TimeProvider Time { get; }

    protected ILogger Logger { get; }

    protected CancellationTokenSource Stopping { get; } = new();

    public void Start()
    {
        StartListening();
        var period = TimeSpan.FromTicks(Math.Clamp(Options.TcpIdleTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond * 30));
        _sweep = Time.CreateTimer(static state => ((StreamSipTransport)state!).SweepIdle(), this, period, period);
    }

    public bool TryGetConnection(long id, out SipStreamConnection connection) =>
        _byId.TryGetValue(id, out connection!) && connection.IsOpen;

    public bool TryGetConnection(IPEndPoint remote, out SipStreamConnection connection) =>
        _byRemote.TryGetValue(remote, out connection!) && connection.IsOpen;

    /// <summary>An open connection to <paramref name="remote"/>, or a new one. Concurrent callers share one connect.</summary>
    public async ValueTask<SipStreamConnection> GetOrConnectAsync(IPEndPoint remote, CancellationToken cancellationToken)
    {
        if (TryGetConnection(remote, out var existing))
        {
            return existing;
        }

        // GetOrAdd may run the factory twice under a race; the loser's connection simply joins the table.
        var connect = _connecting.GetOrAdd(remote, static (r, self) => self.ConnectAsync(r), this);
        try
        {
            return await connect.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (connect.IsCompleted)
            {
                _connecting.TryRemove(new KeyValuePair<IPEndPoint, Task<SipStreamConnection>>(remote, connect));
            }
        }
    }

    public async Task StopAsync()
    {
        Stopping.Cancel();
        _sweep?.Dispose();
        await StopListeningAsync().ConfigureAwait(false);
        foreach (var c in _byId.Values)
        {
            c.Close("transport stopped");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Stopping.Dispose();
    }

    internal void OnConnectionClosed(SipStreamConnection connection, string reason)
    {
        if (_byId.TryRemove(connection.Id, out _))
        {
            Interlocked.Decrement(ref _count);
        }

        _byRemote.TryRemove(new KeyValuePair<IPEndPoint, SipStreamConnection>(connection.Remote, connection));
        SipTransportLog.ConnectionClosed(Logger, connection.Id, connection.Remote, reason);
    }

    internal void OnSendQueueFull(SipStreamConnection connection, int limit) =>
        SipTransportLog.SendQueueFull(Logger, connection.Id, connection.Remote, limit);

    /// <summary>Registers a connected stream and starts its reader and writer; false (stream disposed) over the limit.</summary>
    protected bool TryAdopt(Stream stream, Socket? socket, IPEndPoint remote, IPEndPoint local, bool outbound)
    {
        if (Interlocked.Increment(ref _count) > Options.MaxTcpConnections)
        {
            Interlocked.Decrement(ref _count);
            SipTransportLog.ConnectionLimit(Logger, remote, Options.MaxTcpConnections);
            stream.Dispose();
            return false;
        }

        remote = Normalise(remote);
        var connection = new SipStreamConnection(this, Interlocked.Increment(ref s_nextConnectionId), stream, socket, remote, local, outbound, _receiver, Options, Time);
        _byId[connection.Id] = connection;
        _byRemote[remote] = connection;
        SipTransportLog.ConnectionOpened(Logger, connection.Id, outbound ? "to" : "from", remote);
        connection.Start();
        return true;
    }

    protected abstract void StartListening();

    protected abstract Task StopListeningAsync();

    /// <summary>Opens a stream to <paramref name="remote"/>, ready for SIP (handshakes done).</summary>
    protected abstract ValueTask<(Stream Stream, Socket? Socket, IPEndPoint Local)> ConnectCoreAsync(IPEndPoint remote, CancellationToken cancellationToken);

    private static IPEndPoint Normalise(IPEndPoint ep) =>
        ep.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ep.Address.MapToIPv4(), ep.Port) : ep;

    private async Task<SipStreamConnection> ConnectAsync(IPEndPoint remote)
    {
        if (ConnectionCount >= Options.MaxTcpConnections)
        {
            throw new SipTransportException($"Cannot connect to {remote}: {Options.MaxTcpConnections} connections are open");
        }

        using var timeout = new CancellationTokenSource(Options.TcpConnectTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, Stopping.Token);
        (Stream Stream, Socket? Socket, IPEndPoint Local) connected;
        try
        {
            connected = await ConnectCoreAsync(remote, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new SipTransportException($"{Kind} connect to {remote} timed out after {Options.TcpConnectTimeout}", ex);
        }
        catch (SocketException ex)
        {
            throw new SipTransportException($"{Kind} connect to {remote} failed: {ex.SocketErrorCode}", ex);
        }

        if (!TryAdopt(connected.Stream, connected.Socket, remote, connected.Local, outbound: true))
        {
            throw new SipTransportException($"Cannot connect to {remote}: {Options.MaxTcpConnections} connections are open");
        }

        return _byRemote[Normalise(remote)];
    }

    private void SweepIdle()
    {
        long now = Time.GetTimestamp();
        var limit = Options.TcpIdleTimeout;
        foreach (var pair in _byId)
        {
            if (Time.GetElapsedTime(pair.Value.LastActivity, now) >= limit)
            {
                pair.Value.Close("idle");
            }
        }
    }
}
