namespace HotlineTelephony.Media.Dtmf;

/// <summary>How a DTMF digit reached us.</summary>
public enum DtmfSource
{
    /// <summary>RTP telephone-event packets (RFC 4733, formerly RFC 2833).</summary>
    Rfc4733,

    /// <summary>A SIP INFO request with an <c>application/dtmf-relay</c> or <c>application/dtmf</c> body.</summary>
    SipInfo,

    /// <summary>Tones in the audio itself, found by <see cref="GoertzelDtmfDetector"/>.</summary>
    InBand,
}
