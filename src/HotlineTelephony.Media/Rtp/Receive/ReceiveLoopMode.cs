namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>How RTP and RTCP sockets are read (<c>Media:ReceiveLoop</c>).</summary>
public enum ReceiveLoopMode
{
    /// <summary>
    /// A few receive threads, each waiting on one Linux epoll instance for all the sockets it was given and reading
    /// every ready socket with one <c>recvmmsg</c>. Off Linux this falls back to <see cref="Async"/>.
    /// </summary>
    Epoll,

    /// <summary>One <c>ReceiveFromAsync</c> loop per socket on the thread pool (portable; a thread-pool hop per datagram).</summary>
    Async,
}
