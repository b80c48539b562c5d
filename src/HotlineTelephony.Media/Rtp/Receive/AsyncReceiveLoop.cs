using System.Net.Sockets;

namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>
/// The portable loop: every socket gets its own <c>ReceiveFromAsync</c> loop task on the thread pool (one pending
/// receive per socket, a thread-pool hop per datagram). Used off Linux and with <c>Media:ReceiveLoop=async</c>.
/// </summary>
internal sealed class AsyncReceiveLoop : IReceiveLoop
{
    private int _registrations;

    public int RegistrationCount => Volatile.Read(ref _registrations);

    public ReceiveRegistration Add(Socket socket, DatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(handler);
        Interlocked.Increment(ref _registrations);
        return new AsyncReceiveRegistration(socket, handler, () => Interlocked.Decrement(ref _registrations));
    }
}
