using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// What the transaction layer needs from the transports (RFC 3261 §18). Implemented by
/// <c>SipTransportLayer</c>; faked in transaction tests. Failures are reported as
/// <see cref="SipTransportException"/> so the transaction can surface them to its user.
/// </summary>
public interface ISipSender
{
    /// <summary>
    /// Sends a request. The top Via's transport and sent-by are rewritten to match the transport actually
    /// used (a UDP request over 1300 bytes moves to TCP when a TCP path exists, §18.1.1); the branch is the
    /// caller's. Returns where it went, so retransmissions and CANCEL take the same path.
    /// </summary>
    ValueTask<SipRemote> SendRequestAsync(SipRequest request, SipRemote destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a response back per §18.2.2 and RFC 3581: on the connection the request came on if it is still
    /// open, else to the top Via's received/rport (or maddr, or sent-by).
    /// </summary>
    ValueTask SendResponseAsync(SipResponse response, SipRemote requestSource, CancellationToken cancellationToken = default);

    /// <summary>The address and port to advertise in Via and Contact for <paramref name="transport"/>.</summary>
    (string Host, int Port) GetSentBy(SipTransportKind transport);
}
