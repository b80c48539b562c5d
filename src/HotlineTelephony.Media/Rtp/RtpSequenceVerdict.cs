namespace HotlineTelephony.Media.Rtp;

/// <summary>How <see cref="RtpStatistics.OnReceived"/> classified a packet's sequence number (RFC 3550 A.1).</summary>
public enum RtpSequenceVerdict
{
    /// <summary>Next in order, or ahead within the allowed dropout (the gap counts as loss until filled).</summary>
    InOrder,

    /// <summary>Older than the highest sequence seen but not seen before.</summary>
    Reordered,

    /// <summary>Seen before within the last 64 sequence numbers.</summary>
    Duplicate,

    /// <summary>A new source is still on probation (fewer than two sequential packets); usable but not yet counted.</summary>
    Probation,

    /// <summary>A large jump; discarded unless the next packet confirms the new sequence (then the source restarts).</summary>
    BadSequence,
}
