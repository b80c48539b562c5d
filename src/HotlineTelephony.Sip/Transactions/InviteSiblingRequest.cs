using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>
/// CANCEL (§9.1) and the ACK for a non-2xx final (§17.1.1.3) are built the same way from the INVITE they belong to:
/// same Request-URI, top Via (so the same branch), Route, From, Call-ID and CSeq number; only the method and, for the
/// ACK, the To (with the response's tag) differ.
/// </summary>
internal static class InviteSiblingRequest
{
    public static SipRequest Build(SipRequest invite, string method, string to)
    {
        var headers = new SipHeaders();
        var source = invite.Headers;
        if (source.GetFirstValue(HeaderId.Via) is { } via)
        {
            headers.Add(HeaderId.Via, via);
        }

        headers.Add(HeaderId.MaxForwards, "70");
        foreach (var route in source.GetValues(HeaderId.Route))
        {
            headers.Add(HeaderId.Route, route);
        }

        headers.Add(HeaderId.From, source.Get(HeaderId.From) ?? string.Empty);
        headers.Add(HeaderId.To, to);
        headers.Add(HeaderId.CallId, source.Get(HeaderId.CallId) ?? string.Empty);
        headers.Add(HeaderId.CSeq, new CSeqHeader(invite.CSeq.Number, method).ToString());
        return new SipRequest(method, invite.RequestUri, headers);
    }
}
