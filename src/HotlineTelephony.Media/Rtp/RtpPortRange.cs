namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// Hands out even RTP ports (RTCP on the odd one above, RFC 3550 §11) from a configured range, round robin.
/// Today it only reserves numbers for SDP answers; the media engine will bind sockets on them.
/// </summary>
public sealed class RtpPortRange
{
    private readonly int _first;
    private readonly int _count;
    private int _next = -1;

    public RtpPortRange(int minPort = 20000, int maxPort = 29999)
    {
        if (minPort < 1024 || maxPort > 65534 || maxPort - minPort < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(minPort), $"RTP port range {minPort}-{maxPort} must lie within 1024-65534 and hold at least one pair.");
        }

        _first = minPort + (minPort & 1);
        _count = (maxPort - _first + 1) / 2;
    }

    public int Next() => _first + (2 * (int)((uint)Interlocked.Increment(ref _next) % (uint)_count));
}
