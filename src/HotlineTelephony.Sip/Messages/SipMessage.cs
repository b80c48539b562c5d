using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// A SIP request or response. Parsed messages keep a reference to the received bytes and materialise
/// header strings only when read; the typed accessors parse on each call, so callers keep what they need.
/// </summary>
public abstract class SipMessage
{
    private protected SipMessage(SipHeaders headers, ReadOnlyMemory<byte> body)
    {
        Headers = headers;
        Body = body;
    }

    public SipHeaders Headers { get; }

    public ReadOnlyMemory<byte> Body { get; set; }

    public abstract bool IsRequest { get; }

    public string? CallId => Headers.Get(HeaderId.CallId);

    public string? ContentType => Headers.Get(HeaderId.ContentType);

    /// <summary>The CSeq; a message that passed <see cref="SipMessageValidator"/> always has one.</summary>
    public CSeqHeader CSeq =>
        CSeqHeader.TryParse(Headers.Get(HeaderId.CSeq) ?? string.Empty, out var c) ? c : throw new FormatException("Missing or invalid CSeq");

    public NameAddress From => ParseNameAddress(HeaderId.From);

    public NameAddress To => ParseNameAddress(HeaderId.To);

    /// <summary>The topmost Via value, even when several are comma-joined on the first line.</summary>
    public ViaHeader? TopVia =>
        Headers.GetFirstValue(HeaderId.Via) is { } v && ViaHeader.TryParse(v, out var via) ? via : null;

    public List<ViaHeader> Vias
    {
        get
        {
            var result = new List<ViaHeader>();
            foreach (var v in Headers.GetValues(HeaderId.Via))
            {
                if (ViaHeader.TryParse(v, out var via))
                {
                    result.Add(via);
                }
            }

            return result;
        }
    }

    /// <summary>Parses a list header of name-addrs (Contact, Route, Record-Route), skipping nothing: null if any is invalid.</summary>
    public List<NameAddress>? GetNameAddresses(HeaderId id)
    {
        var result = new List<NameAddress>();
        foreach (var v in Headers.GetValues(id))
        {
            if (!NameAddress.TryParse(v, out var na))
            {
                return null;
            }

            result.Add(na);
        }

        return result;
    }

    public int? GetIntHeader(HeaderId id) =>
        Headers.Get(id) is { } v && int.TryParse(v.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;

    /// <summary>True when the option tag appears in Supported/Require style list <paramref name="id"/>.</summary>
    public bool HasOptionTag(HeaderId id, string tag)
    {
        foreach (var v in Headers.GetValues(id))
        {
            if (v.Equals(tag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses one whole message (a datagram or a stream frame).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> data, [NotNullWhen(true)] out SipMessage? message, out SipParseError error)
    {
        var builder = new MessageBuilder(data);
        if (!SipParser.TryParse(data.Span, ref builder, out error))
        {
            message = null;
            return false;
        }

        message = builder.Build();
        return true;
    }

    public static SipMessage Parse(string text) =>
        TryParse(Encoding.UTF8.GetBytes(text), out var m, out var e) ? m : throw new FormatException(e.ToString());

    /// <summary>Writes the wire form. Content-Length is always written from the body's real length.</summary>
    public void WriteTo(IBufferWriter<byte> output) => SipMessageWriter.Write(this, output);

    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(512 + Body.Length);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    internal abstract void WriteStartLine(IBufferWriter<byte> output);

    private NameAddress ParseNameAddress(HeaderId id) =>
        NameAddress.TryParse(Headers.Get(id) ?? string.Empty, out var na) ? na : throw new FormatException($"Missing or invalid {HeaderNames.Canonical(id)}");

    private struct MessageBuilder : ISipParseHandler
    {
        private readonly ReadOnlyMemory<byte> _data;
        private SipHeaders _headers;
        private int _methodStart, _methodLength, _uriStart, _uriLength;
        private int _status, _reasonStart, _reasonLength;
        private int _bodyStart, _bodyLength;

        public MessageBuilder(ReadOnlyMemory<byte> data)
        {
            _data = data;
            _headers = new SipHeaders(data, 16);
        }

        public void OnRequestLine(int methodStart, int methodLength, int uriStart, int uriLength)
        {
            (_methodStart, _methodLength, _uriStart, _uriLength) = (methodStart, methodLength, uriStart, uriLength);
        }

        public void OnStatusLine(int statusCode, int reasonStart, int reasonLength)
        {
            (_status, _reasonStart, _reasonLength) = (statusCode, reasonStart, reasonLength);
        }

        public void OnHeader(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, bool folded) =>
            _headers.AddParsed(id, nameStart, nameLength, valueStart, valueLength, folded);

        public void OnBody(int start, int length) => (_bodyStart, _bodyLength) = (start, length);

        public readonly SipMessage Build()
        {
            var body = _data.Slice(_bodyStart, _bodyLength);
            var span = _data.Span;
            if (_status != 0)
            {
                return new SipResponse(_status, Encoding.UTF8.GetString(span.Slice(_reasonStart, _reasonLength)), _headers, body);
            }

            return new SipRequest(
                SipMethods.Intern(span.Slice(_methodStart, _methodLength)),
                _data.Slice(_uriStart, _uriLength),
                _headers,
                body);
        }
    }
}
