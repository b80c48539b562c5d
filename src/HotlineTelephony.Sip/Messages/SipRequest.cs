using System.Buffers;
using System.Text;

namespace HotlineTelephony.Sip.Messages;

public sealed class SipRequest : SipMessage
{
    private ReadOnlyMemory<byte> _rawUri;
    private string? _uriText;
    private SipUri? _uri;

    public SipRequest(string method, SipUri requestUri, SipHeaders? headers = null, ReadOnlyMemory<byte> body = default)
        : base(headers ?? new SipHeaders(), body)
    {
        Method = method;
        _uri = requestUri;
    }

    internal SipRequest(string method, ReadOnlyMemory<byte> rawUri, SipHeaders headers, ReadOnlyMemory<byte> body)
        : base(headers, body)
    {
        Method = method;
        _rawUri = rawUri;
    }

    public override bool IsRequest => true;

    /// <summary>
    /// This request reduced to its method, Request-URI and <see cref="SipHeaders.CopyIdentity"/> fields, with no body
    /// and no reference to the received bytes. Finished transactions and dialogs keep this for their 64·T1 linger, so
    /// a call's full messages can be collected when the call ends instead of half a minute later.
    /// </summary>
    internal SipRequest CompactCopy() =>
        new(Method, ReadOnlyMemory<byte>.Empty, Headers.CopyIdentity(), default) { _uri = _uri, _uriText = _uri is null ? RequestUriText : null };

    public string Method { get; }

    /// <summary>The Request-URI exactly as received (or as set).</summary>
    public string RequestUriText => _uri?.ToString() ?? (_uriText ??= Encoding.UTF8.GetString(_rawUri.Span));

    /// <summary>The parsed Request-URI; throws for a URI that does not parse (the validator rejects those first).</summary>
    public SipUri RequestUri
    {
        get => _uri ??= SipUri.Parse(RequestUriText);
        set => _uri = value;
    }

    public bool TryGetRequestUri(out SipUri? uri)
    {
        if (_uri is null && SipUri.TryParse(RequestUriText, out var parsed))
        {
            _uri = parsed;
        }

        uri = _uri;
        return uri is not null;
    }

    public int MaxForwards => GetIntHeader(HeaderId.MaxForwards) ?? 70;

    internal override void WriteStartLine(IBufferWriter<byte> output)
    {
        SipMessageWriter.WriteAscii(output, Method);
        SipMessageWriter.WriteAscii(output, " ");
        if (_uri is null)
        {
            output.Write(_rawUri.Span);
        }
        else
        {
            SipMessageWriter.WriteUtf8(output, _uri.ToString());
        }

        SipMessageWriter.WriteAscii(output, " SIP/2.0\r\n");
    }
}
