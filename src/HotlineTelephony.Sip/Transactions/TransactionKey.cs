using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// What a message is matched on. Client side (§17.1.3): branch and CSeq method. Server side (§17.2.3): branch,
/// sent-by and method, or for RFC 2543 peers (no magic cookie) the request's identity folded into <see cref="Id"/>.
/// ACK and CANCEL look up the INVITE by passing <see cref="SipMethods.Invite"/> as the method.
/// </summary>
internal readonly record struct TransactionKey(string Id, string SentBy, string Method)
{
    public static bool TryForResponse(SipResponse response, out TransactionKey key)
    {
        key = default;
        if (response.TopVia?.Branch is not { Length: > 0 } branch ||
            !CSeqHeader.TryParse(response.Headers.Get(HeaderId.CSeq) ?? string.Empty, out var cseq))
        {
            return false;
        }

        key = new TransactionKey(branch, string.Empty, cseq.Method);
        return true;
    }

    public static TransactionKey ForClient(string branch, string method) => new(branch, string.Empty, method);

    /// <param name="method">The transaction's method: the request's own, or INVITE to find what an ACK or CANCEL refers to.</param>
    public static bool TryForRequest(SipRequest request, string method, [NotNullWhen(true)] out ViaHeader? via, out TransactionKey key)
    {
        key = default;
        via = request.TopVia;
        if (via is null || !CSeqHeader.TryParse(request.Headers.Get(HeaderId.CSeq) ?? string.Empty, out var cseq))
        {
            return false;
        }

        if (via.IsRfc3261Branch)
        {
            key = new TransactionKey(via.Branch!, FormatSentBy(via), method);
            return true;
        }

        // RFC 2543 fallback (§17.2.3). The To tag is left out: an INVITE has none yet and its ACK carries ours, so
        // the ACK's To tag is checked against the response instead (ServerInviteTransaction.ReceiveAck).
        if (!NameAddress.TryParse(request.Headers.Get(HeaderId.From) ?? string.Empty, out var from))
        {
            return false;
        }

        var id = string.Join(
            '\n',
            "2543",
            request.RequestUriText,
            from.Tag ?? string.Empty,
            request.CallId ?? string.Empty,
            cseq.Number.ToString(CultureInfo.InvariantCulture),
            via.ToString());
        key = new TransactionKey(id, string.Empty, method);
        return true;
    }

    private static string FormatSentBy(ViaHeader via)
    {
        var port = via.Port ?? (via.Transport is "TLS" or "WSS" ? 5061 : 5060);
        return via.Host.ToLowerInvariant() + ":" + port.ToString(CultureInfo.InvariantCulture);
    }
}
