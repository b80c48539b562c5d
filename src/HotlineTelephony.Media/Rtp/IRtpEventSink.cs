namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// Receives telephone-event packets (RFC 4733) of the negotiated payload type, raw, on the session's receive
/// thread. The payload span is only valid during the call. Redundant end packets are passed on as they arrive;
/// de-duplicating by (SSRC, timestamp) is the decoder's job. Must not block.
/// </summary>
public interface IRtpEventSink
{
    void OnTelephoneEvent(ReadOnlySpan<byte> payload, uint timestamp, bool marker, uint ssrc);
}
