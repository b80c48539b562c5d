using System.Net;

namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>
/// Takes one received datagram on the receive thread. Both arguments are only valid during the call (the loop
/// reuses them), and the handler must not block: on an epoll loop every other socket of that thread waits for it.
/// </summary>
internal delegate void DatagramHandler(ReadOnlySpan<byte> datagram, SocketAddress source);
