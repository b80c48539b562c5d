using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.Transports;

/// <summary>SIP over TCP (RFC 3261 §18.3): a listener plus connect-on-demand, each connection a NetworkStream.</summary>
internal sealed class TcpSipTransport : StreamSipTransport
{
    private readonly Socket _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpSipTransport(SipTransportOptions options, IPEndPoint bindTo, ISipTransportReceiver receiver, TimeProvider time, ILogger logger)
        : base(SipTransportKind.Tcp, options, receiver, time, logger)
    {
        _listener = new Socket(bindTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(bindTo);
            _listener.Listen(512);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public override IPEndPoint LocalEndPoint { get; }

    protected override void StartListening()
    {
        _acceptLoop = Task.Run(AcceptLoopAsync);
        SipTransportLog.Listening(Logger, "TCP", LocalEndPoint);
    }

    protected override async Task StopListeningAsync()
    {
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
    }

    protected override async ValueTask<(Stream Stream, Socket? Socket, IPEndPoint Local)> ConnectCoreAsync(IPEndPoint remote, CancellationToken cancellationToken)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return (new NetworkStream(socket, ownsSocket: true), socket, (IPEndPoint)socket.LocalEndPoint!);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        var token = Stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                if (token.IsCancellationRequested)
                {
                    break;
                }

                // Per-connection failures (a reset before accept completes) must not stop the listener.
                SipTransportLog.AcceptFailed(Logger, ex);
                continue;
            }

            try
            {
                socket.NoDelay = true;
                TryAdopt(new NetworkStream(socket, ownsSocket: true), socket, (IPEndPoint)socket.RemoteEndPoint!, (IPEndPoint)socket.LocalEndPoint!, outbound: false);
            }
            catch (SocketException)
            {
                // Reset between accept and setup.
                socket.Dispose();
            }
        }
    }
}
