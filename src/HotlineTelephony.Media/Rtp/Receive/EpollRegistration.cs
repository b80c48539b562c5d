using System.Net.Sockets;

namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>
/// One socket on an <see cref="EpollReceiveLoop"/>. The epoll data of the socket is <see cref="Token"/> (slot index
/// and a generation), never a pointer or a GC handle: an event read just before the socket was removed finds the
/// slot empty or holding another registration, and is dropped.
/// </summary>
internal sealed class EpollRegistration : ReceiveRegistration
{
    private readonly EpollReceiveLoop _loop;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _removed;

    public EpollRegistration(EpollReceiveLoop loop, Socket socket, DatagramHandler handler, ulong token, int slot)
    {
        _loop = loop;
        Handle = socket.SafeHandle;
        Family = socket.AddressFamily;
        Handler = handler;
        Token = token;
        Slot = slot;
    }

    public SafeSocketHandle Handle { get; }

    public AddressFamily Family { get; }

    public DatagramHandler Handler { get; }

    public ulong Token { get; }

    public int Slot { get; }

    public bool IsRemoved => _removed;

    public override Task Stopped => _stopped.Task;

    public override void Remove() => _loop.Remove(this);

    /// <summary>Under the loop's registration lock; false when already removed.</summary>
    internal bool MarkRemoved()
    {
        if (_removed)
        {
            return false;
        }

        _removed = true;
        return true;
    }

    internal void CompleteStopped() => _stopped.TrySetResult();
}
