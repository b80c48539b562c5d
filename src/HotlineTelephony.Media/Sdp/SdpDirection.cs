namespace HotlineTelephony.Media.Sdp;

/// <summary>RFC 3264 §5.1 direction attributes.</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
