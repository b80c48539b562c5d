using System.Buffers;
using System.Globalization;
using System.Text;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// Builds an error response straight from the bytes of a request that could not be parsed or validated.
/// The parser gave up, so this only looks for header lines by name and copies Via, From, To, Call-ID and
/// CSeq as they came (RFC 3261 §8.2.6.2); without a Via line there is nobody to answer.
/// </summary>
internal static class RawResponseBuilder
{
    public static bool TryBuild(ReadOnlySpan<byte> data, int statusCode, string reason, IBufferWriter<byte> output)
    {
        int pos = 0;
        while (pos < data.Length && data[pos] is (byte)'\r' or (byte)'\n')
        {
            pos++;
        }

        int startEnd = data[pos..].IndexOf((byte)'\n');
        var startLine = startEnd < 0 ? data[pos..] : data.Slice(pos, startEnd);

        // Responses are never answered, nor is ACK (RFC 3261 §17.1.1.3 gives it no response).
        if (startLine.StartsWith("SIP/"u8) || startLine.StartsWith("ACK "u8) || startEnd < 0)
        {
            return false;
        }

        if (!HasVia(data[(pos + startEnd + 1)..]))
        {
            return false;
        }

        WriteAscii(output, "SIP/2.0 ");
        WriteAscii(output, statusCode.ToString(CultureInfo.InvariantCulture));
        output.Write(" "u8);
        WriteReason(output, reason);
        output.Write("\r\n"u8);

        var rest = data[(pos + startEnd + 1)..];
        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            rest = nl < 0 ? default : rest[(nl + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (line.IsEmpty)
            {
                break;
            }

            if (TryHeader(line, out var id, out var value) && id is HeaderId.Via or HeaderId.From or HeaderId.To or HeaderId.CallId or HeaderId.CSeq)
            {
                WriteAscii(output, HeaderNames.Canonical(id));
                output.Write(": "u8);
                output.Write(value);
                output.Write("\r\n"u8);
            }
        }

        output.Write("Content-Length: 0\r\n\r\n"u8);
        return true;
    }

    private static bool HasVia(ReadOnlySpan<byte> rest)
    {
        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            var line = (nl < 0 ? rest : rest[..nl]).TrimEnd((byte)'\r');
            rest = nl < 0 ? default : rest[(nl + 1)..];
            if (line.IsEmpty)
            {
                return false;
            }

            // Any SIP version: a request from a SIP/7.0 stack still deserves its 505 (RFC 4475 §3.1.2.16).
            if (TryHeader(line, out var id, out var value) && id == HeaderId.Via && value.Length > 4 && Ascii.EqualsIgnoreCase(value[..4], "SIP/"u8))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryHeader(ReadOnlySpan<byte> line, out HeaderId id, out ReadOnlySpan<byte> value)
    {
        id = HeaderId.Unknown;
        value = default;

        // Continuation lines of folded headers start with whitespace and belong to the line before.
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            return false;
        }

        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        id = HeaderNames.Lookup(line[..colon].Trim(" \t"u8));
        value = line[(colon + 1)..].Trim(" \t"u8);
        return id != HeaderId.Unknown;
    }

    private static void WriteReason(IBufferWriter<byte> output, string reason)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(reason.Length));
        int n = Encoding.UTF8.GetBytes(reason, span);
        for (int i = 0; i < n; i++)
        {
            if (span[i] is (byte)'\r' or (byte)'\n')
            {
                span[i] = (byte)' ';
            }
        }

        output.Advance(n);
    }

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        int n = Encoding.ASCII.GetBytes(text, span);
        output.Advance(n);
    }
}
