using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>One socket's <c>ReceiveFromAsync</c> loop: a pooled buffer and one reused <see cref="SocketAddress"/>.</summary>
internal sealed class AsyncReceiveRegistration : ReceiveRegistration
{
    private const int BufferBytes = 2048;

    private readonly CancellationTokenSource _stopping = new();
    private readonly Action _removed;
    private int _removedOnce;

    public AsyncReceiveRegistration(Socket socket, DatagramHandler handler, Action removed)
    {
        _removed = removed;
        Stopped = Task.Run(() => ReceiveAsync(socket, handler, _stopping.Token));
    }

    public override Task Stopped { get; }

    public override void Remove()
    {
        if (Interlocked.Exchange(ref _removedOnce, 1) == 0)
        {
            _stopping.Cancel();
            _removed();
        }
    }

    private static async Task ReceiveAsync(Socket socket, DatagramHandler handler, CancellationToken token)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        var address = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer.AsMemory(0, BufferBytes), SocketFlags.None, address, token).ConfigureAwait(false);
                }
                catch (SocketException ex) when (IsTransient(ex.SocketErrorCode))
                {
                    continue;
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    break;
                }

                handler(buffer.AsSpan(0, received), address);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>ICMP errors from earlier sends and oversized datagrams: the socket is fine, read on.</summary>
    private static bool IsTransient(SocketError error) =>
        error is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.ConnectionRefused
            or SocketError.HostUnreachable or SocketError.NetworkUnreachable;
}
