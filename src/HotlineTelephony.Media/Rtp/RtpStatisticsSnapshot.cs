namespace HotlineTelephony.Media.Rtp;

/// <summary>Per-direction RTP figures for the call record.</summary>
/// <param name="Packets">Packets counted (received: valid and not duplicate; sent: all).</param>
/// <param name="Bytes">Payload bytes of those packets.</param>
/// <param name="Expected">Receive only: extended highest sequence − base + 1.</param>
/// <param name="Lost">Receive only: expected − received, never below 0.</param>
/// <param name="LossPercent">Receive only: <paramref name="Lost"/> as a percentage of <paramref name="Expected"/>.</param>
/// <param name="JitterMilliseconds">Receive only: RFC 3550 A.8 interarrival jitter in milliseconds.</param>
/// <param name="Duplicates">Receive only: packets seen twice.</param>
/// <param name="OutOfOrder">Receive only: packets older than the highest sequence seen.</param>
public sealed record RtpStatisticsSnapshot(
    long Packets,
    long Bytes,
    long Expected,
    long Lost,
    double LossPercent,
    double JitterMilliseconds,
    long Duplicates,
    long OutOfOrder);
