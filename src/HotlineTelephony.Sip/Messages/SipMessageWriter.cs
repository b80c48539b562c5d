using System.Buffers;
using System.Globalization;
using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>Serialises messages. Received header values are copied as bytes; only changed ones are encoded.</summary>
internal static class SipMessageWriter
{
    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        message.WriteStartLine(output);
        var headers = message.Headers;
        for (int i = 0; i < headers.Count; i++)
        {
            var id = headers.IdAt(i);
            if (id == HeaderId.ContentLength)
            {
                continue;
            }

            if (id == HeaderId.Unknown)
            {
                WriteUtf8(output, headers.NameAt(i));
            }
            else
            {
                WriteAscii(output, HeaderNames.Canonical(id));
            }

            WriteAscii(output, ": ");
            var raw = headers.RawValueAt(i);
            if (!raw.IsEmpty && raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
            {
                output.Write(raw);
            }
            else
            {
                WriteLine(output, headers.ValueAt(i));
            }

            WriteAscii(output, "\r\n");
        }

        WriteAscii(output, "Content-Length: ");
        WriteAscii(output, message.Body.Length.ToString(CultureInfo.InvariantCulture));
        WriteAscii(output, "\r\n\r\n");
        output.Write(message.Body.Span);
    }

    /// <summary>
    /// Writes text that must stay on one line. Received values never hold CR or LF (folding is undone and a
    /// bare CR is refused), but values set by the stack may come from elsewhere; a line break there would let
    /// the text add header fields of its own, so each CR or LF is written as a space.
    /// </summary>
    public static void WriteLine(IBufferWriter<byte> output, string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            WriteUtf8(output, text);
            return;
        }

        WriteUtf8(output, text.Replace('\r', ' ').Replace('\n', ' '));
    }

    public static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        int n = Encoding.ASCII.GetBytes(text, span);
        output.Advance(n);
    }

    public static void WriteUtf8(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        int n = Encoding.UTF8.GetBytes(text, span);
        output.Advance(n);
    }
}
