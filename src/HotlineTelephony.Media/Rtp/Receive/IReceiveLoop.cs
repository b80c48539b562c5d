using System.Net.Sockets;

namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>Something that reads datagram sockets and hands each datagram to a handler.</summary>
internal interface IReceiveLoop
{
    /// <summary>Sockets currently registered (how <see cref="RtpReceivers"/> picks the least-loaded loop).</summary>
    int RegistrationCount { get; }

    /// <summary>Starts reading <paramref name="socket"/> (a bound UDP socket) into <paramref name="handler"/>.</summary>
    ReceiveRegistration Add(Socket socket, DatagramHandler handler);
}
