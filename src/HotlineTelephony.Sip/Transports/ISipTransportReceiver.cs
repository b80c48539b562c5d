namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// How a transport hands what it read to <see cref="SipTransportLayer"/>. Spans point into the transport's
/// pooled buffers and are valid only during the call.
/// </summary>
internal interface ISipTransportReceiver
{
    /// <summary>One datagram or one framed stream message.</summary>
    void OnReceived(ReadOnlySpan<byte> data, SipRemote source);

    /// <summary>
    /// A stream could not be framed; <paramref name="buffered"/> is what was read so far. The connection is
    /// closed after whatever the receiver queues on it has been written.
    /// </summary>
    void OnFramingError(ReadOnlySpan<byte> buffered, string error, bool tooLarge, SipRemote source);
}
