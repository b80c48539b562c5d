namespace HotlineTelephony.Media.Rtp;

/// <summary>The sender-info section of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="NtpTimestamp">Wall clock as 64-bit NTP (seconds since 1900 in the high word).</param>
/// <param name="RtpTimestamp">The RTP timestamp matching <paramref name="NtpTimestamp"/> on the media clock.</param>
/// <param name="PacketCount">RTP packets sent since the start.</param>
/// <param name="OctetCount">RTP payload octets sent since the start.</param>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Size = 20;

    /// <summary>The middle 32 bits of the NTP timestamp, as echoed in a report block's LSR field.</summary>
    public uint MiddleNtp => (uint)(NtpTimestamp >> 16);
}
