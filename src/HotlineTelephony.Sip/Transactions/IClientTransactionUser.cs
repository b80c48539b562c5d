using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// Receives the outcome of one client transaction. Called from transport or timer-wheel threads without the
/// transaction's lock held. Exactly one of <see cref="OnTimeout"/> or <see cref="OnTransportError"/> ends a
/// transaction that got no final response.
/// </summary>
public interface IClientTransactionUser
{
    /// <summary>
    /// Every provisional and the final response; for an INVITE also every 2xx retransmission and forked 2xx while
    /// Accepted (RFC 6026), which the user ACKs itself. Retransmitted 3xx–6xx are absorbed and not repeated.
    /// </summary>
    void OnResponse(ClientTransaction tx, SipResponse response);

    /// <summary>Timer B or F fired: treat as a 408 Request Timeout (§8.1.3.1).</summary>
    void OnTimeout(ClientTransaction tx);

    /// <summary>The transport could not send the request: treat as a 503 (§8.1.3.1); the transaction is over.</summary>
    void OnTransportError(ClientTransaction tx, Exception error);
}
