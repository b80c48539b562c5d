namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// Sees every message the transports send and receive (wire bytes). Called on the I/O path, so an
/// implementation must copy what it keeps and return at once.
/// </summary>
public interface ISipTraceSink
{
    void OnReceived(ReadOnlySpan<byte> message, SipRemote source);

    void OnSent(ReadOnlySpan<byte> message, SipRemote destination);
}
