namespace HotlineTelephony.Media.Rtp;

/// <summary>Symmetric RTP latching policy of a leg (RFC 4961, RFC 7362; per-trunk <c>symmetric_rtp</c>).</summary>
public enum LatchMode
{
    /// <summary>
    /// Latch to the first source seen while no packet has been received yet, or at any time after an SDP whose
    /// address was private or unspecified; otherwise only the SDP address is heard.
    /// </summary>
    Auto,

    /// <summary>Latch to the first source seen after every <see cref="RtpSession.SetRemote"/>, whatever the SDP said.</summary>
    Always,

    /// <summary>Never latch: send to the SDP address and accept packets only from its IP address (any port).</summary>
    Off,
}
