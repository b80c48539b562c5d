using System.Globalization;

namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// Checks what the transaction and UA layers rely on (RFC 3261 §8.1.1, §8.2): mandatory headers present once,
/// typed headers well-formed, CSeq method matching the request. Runs after <see cref="SipParser"/>.
/// </summary>
public static class SipMessageValidator
{
    private static readonly HeaderId[] s_mandatory = [HeaderId.Via, HeaderId.From, HeaderId.To, HeaderId.CallId, HeaderId.CSeq];

    public static bool TryValidate(SipMessage message, out SipParseError error)
    {
        error = default;
        var headers = message.Headers;
        foreach (var id in s_mandatory)
        {
            if (!headers.Contains(id))
            {
                error = SipParseError.BadRequest("Missing " + HeaderNames.Canonical(id) + " header");
                return false;
            }
        }

        for (int i = 0; i < headers.Count; i++)
        {
            var id = headers.IdAt(i);
            if (HeaderNames.IsSingleValue(id) && headers.IndexOf(id, i + 1) >= 0)
            {
                error = SipParseError.BadRequest("Multiple " + HeaderNames.Canonical(id) + " headers");
                return false;
            }
        }

        var vias = headers.GetValues(HeaderId.Via);
        if (vias.Count == 0)
        {
            error = SipParseError.BadRequest("Via header has no value");
            return false;
        }

        for (int i = 0; i < vias.Count; i++)
        {
            if (!ViaHeader.TryParse(vias[i], out var via))
            {
                error = SipParseError.BadRequest("Malformed Via header");
                return false;
            }

            // RFC 4475 §3.2.1: a branch that is only the magic cookie identifies no transaction; every such
            // request would match the same one, so refuse it rather than fall back to RFC 2543 matching.
            if (i == 0 && string.Equals(via.Branch, ViaHeader.MagicCookie, StringComparison.Ordinal))
            {
                error = SipParseError.BadRequest("Via branch has nothing after the magic cookie");
                return false;
            }
        }

        if (!NameAddress.TryParse(headers.Get(HeaderId.From)!, out _))
        {
            error = SipParseError.BadRequest("Malformed From header");
            return false;
        }

        if (!NameAddress.TryParse(headers.Get(HeaderId.To)!, out _))
        {
            error = SipParseError.BadRequest("Malformed To header");
            return false;
        }

        if (string.IsNullOrWhiteSpace(headers.Get(HeaderId.CallId)) || headers.Get(HeaderId.CallId)!.AsSpan().IndexOfAny(" \t") >= 0)
        {
            error = SipParseError.BadRequest("Malformed Call-ID header");
            return false;
        }

        if (!CSeqHeader.TryParse(headers.Get(HeaderId.CSeq)!, out var cseq))
        {
            error = SipParseError.BadRequest("Malformed CSeq header");
            return false;
        }

        if (!CheckNumber(headers, HeaderId.MaxForwards, 255, out error)
            || !CheckNumber(headers, HeaderId.Expires, uint.MaxValue, out error)
            || !CheckNumber(headers, HeaderId.MinExpires, uint.MaxValue, out error))
        {
            return false;
        }

        if (headers.Contains(HeaderId.Contact))
        {
            var contacts = headers.GetValues(HeaderId.Contact);
            bool star = contacts.Count == 1 && contacts[0] == "*";
            if (!star)
            {
                foreach (var c in contacts)
                {
                    if (!NameAddress.TryParse(c, out var na) || (na.GetParameter("expires") is { } exp && !uint.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                    {
                        error = SipParseError.BadRequest("Malformed Contact header");
                        return false;
                    }
                }
            }
        }

        if (message is SipRequest request)
        {
            if (!string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
            {
                // RFC 4475 §3.1.2.18: for a method we do not implement, 501 is the more future-proof answer.
                error = SipMethods.IsSupported(request.Method)
                    ? SipParseError.BadRequest("CSeq method does not match the request method")
                    : new SipParseError(501, "Not Implemented");
                return false;
            }

            if (!request.TryGetRequestUri(out var uri))
            {
                error = SipParseError.BadRequest("Malformed Request-URI");
                return false;
            }

            if (uri!.Scheme is not ("sip" or "sips" or "tel"))
            {
                error = new SipParseError(416, "Unsupported URI Scheme");
                return false;
            }

            // RFC 3261 §19.1.1: the headers component is not allowed in a Request-URI (RFC 4475 §3.1.2.11).
            if (uri.Headers is not null)
            {
                error = SipParseError.BadRequest("Request-URI has a headers component");
                return false;
            }
        }

        return true;
    }

    private static bool CheckNumber(SipHeaders headers, HeaderId id, ulong max, out SipParseError error)
    {
        error = default;
        var value = headers.Get(id);
        if (value is null)
        {
            return true;
        }

        if (!ulong.TryParse(value.AsSpan().Trim(" \t"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) || n > max)
        {
            error = SipParseError.BadRequest("Invalid " + HeaderNames.Canonical(id) + " value");
            return false;
        }

        return true;
    }
}
