namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// Cuts messages out of a TCP/TLS byte stream (RFC 3261 §18.3): headers end at the first empty line and
/// Content-Length, mandatory on streams, gives the body size. CRLF keep-alives (RFC 5626 §4.4.1) between
/// messages are reported so the transport can answer a double-CRLF ping with a single CRLF pong.
/// </summary>
public static class SipStreamFramer
{
    public enum FrameResult
    {
        /// <summary>More bytes are needed.</summary>
        Incomplete,

        /// <summary>A whole message of <c>length</c> bytes starts at <c>start</c>.</summary>
        Message,

        /// <summary><c>length</c> bytes of CRLF keep-alive; <c>start</c> is 0.</summary>
        KeepAlive,

        /// <summary>The stream cannot be framed (no Content-Length, bad value, too large): close the connection.</summary>
        Error,
    }

    public static FrameResult TryFrame(ReadOnlySpan<byte> buffer, int maxMessageBytes, out int start, out int length, out string? error)
    {
        start = 0;
        length = 0;
        error = null;
        int crlf = 0;
        while (crlf < buffer.Length && (buffer[crlf] == (byte)'\r' || buffer[crlf] == (byte)'\n'))
        {
            crlf++;
        }

        if (crlf > 0)
        {
            length = crlf;
            return FrameResult.KeepAlive;
        }

        int headerEnd = IndexOfEmptyLine(buffer, out int bodyStart);
        if (headerEnd < 0)
        {
            if (buffer.Length > maxMessageBytes)
            {
                error = "Header section exceeds the maximum message size";
                return FrameResult.Error;
            }

            return FrameResult.Incomplete;
        }

        long contentLength = -1;
        int pos = 0;
        while (pos < headerEnd)
        {
            int lineEnd = SipParser.FindLineEnd(buffer, pos, out int next);
            if (lineEnd < 0 || lineEnd > headerEnd)
            {
                lineEnd = headerEnd;
                next = headerEnd;
            }

            // A folded field continues on lines that start with whitespace.
            while (next < headerEnd && buffer[next] is (byte)' ' or (byte)'\t')
            {
                lineEnd = SipParser.FindLineEnd(buffer, next, out next);
                if (lineEnd < 0 || lineEnd > headerEnd)
                {
                    lineEnd = headerEnd;
                    next = headerEnd;
                }
            }

            var line = buffer[pos..lineEnd];
            int colon = line.IndexOf((byte)':');
            if (colon > 0 && HeaderNames.Lookup(line[..colon].TrimEnd(" \t"u8)) == HeaderId.ContentLength)
            {
                if (!SipParser.TryParseUInt(line[(colon + 1)..].Trim(" \t\r\n"u8), out long value))
                {
                    error = "Invalid Content-Length on a stream";
                    return FrameResult.Error;
                }

                // RFC 4475 §3.3.9: two different lengths make the stream unframeable.
                if (contentLength >= 0 && contentLength != value)
                {
                    error = "Conflicting Content-Length headers on a stream";
                    return FrameResult.Error;
                }

                contentLength = value;
            }

            pos = next;
        }

        if (contentLength < 0)
        {
            error = "Content-Length is required on stream transports";
            return FrameResult.Error;
        }

        long total = bodyStart + contentLength;
        if (total > maxMessageBytes)
        {
            error = "Message exceeds the maximum message size";
            return FrameResult.Error;
        }

        if (buffer.Length < total)
        {
            return FrameResult.Incomplete;
        }

        length = (int)total;
        return FrameResult.Message;
    }

    private static int IndexOfEmptyLine(ReadOnlySpan<byte> buffer, out int bodyStart)
    {
        int pos = 0;
        while (pos < buffer.Length)
        {
            int lineEnd = SipParser.FindLineEnd(buffer, pos, out int next);
            if (lineEnd < 0)
            {
                break;
            }

            if (lineEnd == pos && pos > 0)
            {
                bodyStart = next;
                return pos;
            }

            pos = next;
        }

        bodyStart = -1;
        return -1;
    }
}
