namespace HotlineTelephony.Media.Rtp;

/// <summary>Outcome of <see cref="RtpPacket.TryParse"/>; every value but <see cref="Ok"/> means the datagram is dropped.</summary>
public enum RtpParseStatus
{
    Ok = 0,

    /// <summary>Fewer than the 12 bytes of the fixed header.</summary>
    ShortHeader,

    /// <summary>Version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC list runs past the end of the datagram.</summary>
    BadCsrcCount,

    /// <summary>P bit set but the last byte is 0 or counts more bytes than the payload holds.</summary>
    BadPadding,

    /// <summary>X bit set but the extension header or its declared length runs past the end of the datagram.</summary>
    BadExtension,
}
