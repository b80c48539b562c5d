using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Rtp.Receive;

namespace HotlineTelephony.Media.Sessions;

/// <summary>Settings of the media engine (bound by the host from the "Media" section).</summary>
public sealed class MediaEngineOptions
{
    /// <summary>First RTP port (even); RTCP uses the next odd one.</summary>
    public int RtpPortMin { get; set; } = 20000;

    public int RtpPortMax { get; set; } = 29999;

    /// <summary>Media clock threads; 0 means one per core.</summary>
    public int Workers { get; set; }

    /// <summary>
    /// How RTP/RTCP sockets are read: <see cref="ReceiveLoopMode.Epoll"/> (default; a few epoll threads, Linux only,
    /// elsewhere it falls back to async) or <see cref="ReceiveLoopMode.Async"/> (one async receive per socket).
    /// </summary>
    public ReceiveLoopMode ReceiveLoop { get; set; } = ReceiveLoopMode.Epoll;

    /// <summary>Epoll receive threads; 0 means one per core. Ignored by the async loop.</summary>
    public int ReceiveThreads { get; set; }

    /// <summary>Folder of the prompt WAVs; null means prompts/zh-CN beside the binaries.</summary>
    public string? PromptsFolder { get; set; }

    /// <summary>Seconds without RTP (not on hold) before a leg is reported dead.</summary>
    public int RtpTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Relay packets between the two legs of a bridge when they share a codec and nothing needs their audio (no
    /// recording, prompt, music, third party or in-band DTMF detection). Default true.
    /// </summary>
    public bool SameCodecRelay { get; set; } = true;

    /// <summary>
    /// Listen for DTMF tones in the audio of extension calls (for the call log). Default false: tones still reach
    /// the other party, and the call can be relayed; RFC 4733 and SIP INFO digits are logged either way.
    /// </summary>
    public bool InBandDtmfOnExtensionCalls { get; set; }

    public RecordingOptions Recording { get; set; } = new();

    public void Validate()
    {
        if (RtpPortMin < 1024 || RtpPortMax > 65534 || RtpPortMax - RtpPortMin < 2)
        {
            throw new InvalidOperationException($"Media:RtpPortMin/RtpPortMax must lie within 1024-65534 and hold at least one pair (was {RtpPortMin}-{RtpPortMax}).");
        }

        if (Workers < 0)
        {
            throw new InvalidOperationException($"Media:Workers must be 0 (one per core) or more (was {Workers}).");
        }

        if (ReceiveThreads is < 0 or > 256)
        {
            throw new InvalidOperationException($"Media:ReceiveThreads must be 0 (one per core) to 256 (was {ReceiveThreads}).");
        }

        if (!Enum.IsDefined(ReceiveLoop))
        {
            throw new InvalidOperationException($"Media:ReceiveLoop must be Epoll or Async (was {ReceiveLoop}).");
        }

        Recording.Validate();
    }
}
