namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// Hands out even RTP ports (RTCP on the odd one above, RFC 3550 §11) from a configured range, round robin from a
/// random starting pair: a restarted server does not reopen the ports its last calls used (their peers may still be
/// sending), and two engines on one host do not walk the same sequence into each other's bound ports.
/// </summary>
public sealed class RtpPortRange
{
    private readonly int _first;
    private readonly int _count;
    private int _next;

    public RtpPortRange(int minPort = 20000, int maxPort = 29999)
    {
        if (minPort < 1024 || maxPort > 65534 || maxPort - minPort < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(minPort), $"RTP port range {minPort}-{maxPort} must lie within 1024-65534 and hold at least one pair.");
        }

        _first = minPort + (minPort & 1);
        _count = (maxPort - _first + 1) / 2;
        _next = Random.Shared.Next(_count) - 1;
    }

    public int Next() => _first + (2 * (int)((uint)Interlocked.Increment(ref _next) % (uint)_count));
}
