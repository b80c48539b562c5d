namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// No RTP/RTCP port pair of the configured range could be bound: every pair tried is in use. A call cannot get media
/// now; the SIP side answers 503 with Retry-After (the server is full), not 500 (the server is broken).
/// </summary>
public sealed class RtpPortsExhaustedException : IOException
{
    public RtpPortsExhaustedException(int attempts, Exception inner)
        : base($"No free RTP port pair after {attempts} attempts: the media port range is in use.", inner)
    {
    }
}
