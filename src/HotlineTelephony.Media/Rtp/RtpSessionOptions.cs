namespace HotlineTelephony.Media.Rtp;

/// <summary>Per-leg RTP settings; defaults suit a carrier trunk or a softphone on G.711 at 20 ms.</summary>
public sealed class RtpSessionOptions
{
    /// <summary>Symmetric RTP policy. Default <see cref="LatchMode.Auto"/>.</summary>
    public LatchMode LatchMode { get; init; } = LatchMode.Auto;

    /// <summary>
    /// No RTP for this long (while not on hold) raises <see cref="RtpSession.RtpTimeout"/>. Default 30 s;
    /// <see cref="TimeSpan.Zero"/> disables the check.
    /// </summary>
    public TimeSpan RtpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Mean interval between RTCP reports, randomised ×0.5–1.5 (RFC 3550 §6.3.1). Default 5 s; zero disables.</summary>
    public TimeSpan RtcpInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The SDES CNAME sent in every RTCP compound. Default "hotline"; at most 255 bytes of UTF-8.</summary>
    public string Cname { get; init; } = "hotline";

    /// <summary>Ports tried from the range before giving up when they are in use. Default 16.</summary>
    public int BindAttempts { get; init; } = 16;

    /// <summary>Largest audio payload buffered; larger packets are dropped. Default 1024 bytes (128 ms of G.711).</summary>
    public int MaxPayloadBytes { get; init; } = 1024;

    internal void Validate()
    {
        if (RtpTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RtpTimeout), "RtpTimeout must not be negative.");
        }

        if (RtcpInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RtcpInterval), "RtcpInterval must not be negative.");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(Cname) is 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(Cname), "Cname must be 1 to 255 bytes of UTF-8.");
        }

        if (BindAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BindAttempts), "BindAttempts must be at least 1.");
        }

        if (MaxPayloadBytes is < 160 or > 1400)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPayloadBytes), "MaxPayloadBytes must lie within 160-1400.");
        }
    }
}
