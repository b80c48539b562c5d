using System.Buffers;

namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// RFC 3261 §7 / §25 message parser over a span. It validates framing (start line, header lines,
/// Content-Length) and hands out offsets; typed header grammar is checked later, by whoever reads the header.
/// </summary>
public static class SipParser
{
    private static readonly SearchValues<byte> s_tokenChars = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    /// <summary>
    /// Parses one complete message (a datagram, or a frame cut by <see cref="SipStreamFramer"/>).
    /// Returns false with the status to answer and a reason when the message is malformed.
    /// </summary>
    public static bool TryParse<THandler>(ReadOnlySpan<byte> data, ref THandler handler, out SipParseError error)
        where THandler : struct, ISipParseHandler
    {
        error = default;
        int pos = 0;

        // RFC 3261 §7.5: CRLFs before the start line are ignored (keep-alives, stream padding).
        while (pos < data.Length && (data[pos] == (byte)'\r' || data[pos] == (byte)'\n'))
        {
            pos++;
        }

        if (pos == data.Length)
        {
            error = SipParseError.BadRequest("Empty message");
            return false;
        }

        int lineEnd = FindLineEnd(data, pos, out int next);
        if (lineEnd < 0)
        {
            error = SipParseError.BadRequest("Start line is not terminated");
            return false;
        }

        if (data[pos..lineEnd].Contains((byte)'\r'))
        {
            error = SipParseError.BadRequest("Bare CR in the start line");
            return false;
        }

        if (!ParseStartLine(data, pos, lineEnd, ref handler, out error))
        {
            return false;
        }

        pos = next;
        long contentLength = -1;
        bool bodyFound = false;
        while (pos < data.Length)
        {
            lineEnd = FindLineEnd(data, pos, out next);
            if (lineEnd < 0)
            {
                error = SipParseError.BadRequest("Header section is not terminated by an empty line");
                return false;
            }

            if (lineEnd == pos)
            {
                pos = next;
                bodyFound = true;
                break;
            }

            if (data[pos] == (byte)' ' || data[pos] == (byte)'\t')
            {
                error = SipParseError.BadRequest("Continuation line without a header before it");
                return false;
            }

            // A CR that does not end a line is never legal (not even as a quoted-pair) and downstream parsers
            // may treat it as a line end, which would let a forwarded header smuggle another one in.
            if (data[pos..lineEnd].Contains((byte)'\r'))
            {
                error = SipParseError.BadRequest("Bare CR in a header line");
                return false;
            }

            // Header continuation lines (folding) belong to this header: find where the field really ends.
            bool folded = false;
            int fieldEnd = lineEnd;
            while (next < data.Length && (data[next] == (byte)' ' || data[next] == (byte)'\t'))
            {
                int contEnd = FindLineEnd(data, next, out int afterCont);
                if (contEnd < 0)
                {
                    error = SipParseError.BadRequest("Header section is not terminated by an empty line");
                    return false;
                }

                if (data[next..contEnd].Contains((byte)'\r'))
                {
                    error = SipParseError.BadRequest("Bare CR in a header line");
                    return false;
                }

                folded = true;
                fieldEnd = contEnd;
                next = afterCont;
            }

            if (!ParseHeader(data, pos, fieldEnd, folded, ref handler, ref contentLength, out error))
            {
                return false;
            }

            pos = next;
        }

        if (!bodyFound)
        {
            // A datagram may end right after the last header without the empty line only if nothing follows.
            if (pos < data.Length)
            {
                error = SipParseError.BadRequest("Header section is not terminated by an empty line");
                return false;
            }
        }

        int available = data.Length - pos;
        int bodyLength = available;
        if (contentLength >= 0)
        {
            if (contentLength > available)
            {
                error = SipParseError.BadRequest("Content-Length is larger than the body");
                return false;
            }

            // RFC 3261 §18.3: bytes past Content-Length in a datagram are discarded.
            bodyLength = (int)contentLength;
        }

        handler.OnBody(pos, bodyLength);
        return true;
    }

    private static bool ParseStartLine<THandler>(ReadOnlySpan<byte> data, int start, int end, ref THandler handler, out SipParseError error)
        where THandler : struct, ISipParseHandler
    {
        error = default;
        var line = data[start..end];
        if (line.StartsWith("SIP/"u8) || line.StartsWith("sip/"u8))
        {
            int sp = line.IndexOf((byte)' ');
            if (sp < 0)
            {
                error = SipParseError.BadRequest("Malformed status line");
                return false;
            }

            if (!IsSip20(line[..sp]))
            {
                error = new SipParseError(505, "Version Not Supported");
                return false;
            }

            var rest = line[(sp + 1)..];
            if (rest.Length < 3 || !IsDigit(rest[0]) || !IsDigit(rest[1]) || !IsDigit(rest[2]) || (rest.Length > 3 && rest[3] != (byte)' '))
            {
                error = SipParseError.BadRequest("Malformed status code");
                return false;
            }

            int code = ((rest[0] - '0') * 100) + ((rest[1] - '0') * 10) + (rest[2] - '0');
            if (code < 100 || code > 699)
            {
                error = SipParseError.BadRequest("Status code out of range");
                return false;
            }

            int reasonStart = rest.Length > 4 ? start + sp + 1 + 4 : end;
            handler.OnStatusLine(code, reasonStart, end - reasonStart);
            return true;
        }

        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0)
        {
            error = SipParseError.BadRequest("Malformed request line");
            return false;
        }

        if (line[..sp1].IndexOfAnyExcept(s_tokenChars) >= 0)
        {
            error = SipParseError.BadRequest("Method is not a token");
            return false;
        }

        // RFC 3261 §25.1: exactly one SP between elements and none at the end (RFC 4475 §3.1.2.9, §3.1.2.10).
        if (line[^1] is (byte)' ' or (byte)'\t')
        {
            error = SipParseError.BadRequest("Request line ends with whitespace");
            return false;
        }

        if (sp1 + 1 < line.Length && line[sp1 + 1] is (byte)' ' or (byte)'\t')
        {
            error = SipParseError.BadRequest("Several spaces between request line elements");
            return false;
        }

        int sp2 = line.LastIndexOf((byte)' ');
        if (sp2 == sp1)
        {
            error = SipParseError.BadRequest("Malformed request line");
            return false;
        }

        var version = line[(sp2 + 1)..];
        var uri = line[(sp1 + 1)..sp2];
        if (uri.IsEmpty || uri.IndexOfAny((byte)' ', (byte)'\t') >= 0)
        {
            error = SipParseError.BadRequest("Request-URI contains whitespace");
            return false;
        }

        if (!IsSip20(version))
        {
            error = LooksLikeSipVersion(version)
                ? new SipParseError(505, "Version Not Supported")
                : SipParseError.BadRequest("Malformed SIP version in request line");
            return false;
        }

        if (uri.IndexOfAnyInRange((byte)0, (byte)31) >= 0 || uri.Contains((byte)127))
        {
            error = SipParseError.BadRequest("Request-URI contains control characters");
            return false;
        }

        handler.OnRequestLine(start, sp1, start + sp1 + 1, uri.Length);
        return true;
    }

    private static bool ParseHeader<THandler>(ReadOnlySpan<byte> data, int start, int end, bool folded, ref THandler handler, ref long contentLength, out SipParseError error)
        where THandler : struct, ISipParseHandler
    {
        error = default;
        var field = data[start..end];
        int nameEnd = field.IndexOfAnyExcept(s_tokenChars);
        if (nameEnd <= 0)
        {
            error = SipParseError.BadRequest("Malformed header line");
            return false;
        }

        int colon = nameEnd;
        while (colon < field.Length && (field[colon] == (byte)' ' || field[colon] == (byte)'\t'))
        {
            colon++;
        }

        if (colon >= field.Length || field[colon] != (byte)':')
        {
            error = SipParseError.BadRequest("Malformed header line: no colon after the name");
            return false;
        }

        int valueStart = colon + 1;
        while (valueStart < field.Length && IsLws(field[valueStart]))
        {
            valueStart++;
        }

        int valueEnd = field.Length;
        while (valueEnd > valueStart && IsLws(field[valueEnd - 1]))
        {
            valueEnd--;
        }

        var id = HeaderNames.Lookup(field[..nameEnd]);
        if (id == HeaderId.ContentLength)
        {
            var value = field[valueStart..valueEnd];
            if (!TryParseUInt(value, out long cl))
            {
                error = SipParseError.BadRequest("Invalid Content-Length");
                return false;
            }

            if (contentLength >= 0 && contentLength != cl)
            {
                error = SipParseError.BadRequest("Conflicting Content-Length headers");
                return false;
            }

            contentLength = cl;
        }

        handler.OnHeader(id, start, nameEnd, start + valueStart, valueEnd - valueStart, folded);
        return true;
    }

    /// <summary>Finds the end of the line starting at <paramref name="start"/> (CRLF or a bare LF).</summary>
    internal static int FindLineEnd(ReadOnlySpan<byte> data, int start, out int next)
    {
        int lf = data[start..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            next = data.Length;
            return -1;
        }

        lf += start;
        next = lf + 1;
        return lf > start && data[lf - 1] == (byte)'\r' ? lf - 1 : lf;
    }

    internal static bool TryParseUInt(ReadOnlySpan<byte> value, out long result)
    {
        result = 0;
        if (value.IsEmpty)
        {
            return false;
        }

        // Leading zeros are legal (1*DIGIT); skip them so the length check only bounds the magnitude.
        int firstNonZero = value.IndexOfAnyExcept((byte)'0');
        value = firstNonZero < 0 ? value[^1..] : value[firstNonZero..];
        if (value.Length > 10)
        {
            return false;
        }

        foreach (byte b in value)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            result = (result * 10) + (b - '0');
        }

        return result <= int.MaxValue;
    }

    private static bool IsSip20(ReadOnlySpan<byte> v) =>
        v.Length == 7 && (v[0] | 0x20) == 's' && (v[1] | 0x20) == 'i' && (v[2] | 0x20) == 'p' && v[3] == '/' && v[4] == '2' && v[5] == '.' && v[6] == '0';

    private static bool LooksLikeSipVersion(ReadOnlySpan<byte> v) =>
        v.Length > 4 && (v[0] | 0x20) == 's' && (v[1] | 0x20) == 'i' && (v[2] | 0x20) == 'p' && v[3] == '/';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsLws(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
