using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Engine;

/// <summary>
/// A call leg the bridge may take out of the mix: when two such ports are all a bridge holds, hear only each other
/// and share a codec, the bridge relays packets between their sessions instead of decoding, mixing and encoding
/// (Asterisk's bridge tiers: a native/simple bridge until a feature needs the audio).
/// </summary>
public interface IRelayablePort : IMediaPort
{
    /// <summary>The leg's RTP session.</summary>
    RtpSession Session { get; }

    /// <summary>The negotiated audio payload type; relaying needs the same one on both legs.</summary>
    byte PayloadType { get; }

    /// <summary>True while something needs this leg's decoded audio (in-band DTMF detection): no relay then.</summary>
    bool NeedsSamples { get; }

    /// <summary>
    /// The bridge stopped or resumed reading and writing frames (relay started or ended): forget decoder state
    /// such as buffered samples and the frame kept for loss concealment. Clock thread.
    /// </summary>
    void ResetDecoder();
}
