using System.Buffers;
using System.Globalization;

namespace HotlineTelephony.Sip.Messages;

public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string? reasonPhrase = null, SipHeaders? headers = null, ReadOnlyMemory<byte> body = default)
        : base(headers ?? new SipHeaders(), body)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? SipReasonPhrases.For(statusCode);
    }

    public override bool IsRequest => false;

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Status, reason and the <see cref="SipHeaders.CopyIdentity"/> fields only, no body (see <see cref="SipRequest.CompactCopy"/>).</summary>
    internal SipResponse CompactCopy() => new(StatusCode, ReasonPhrase, Headers.CopyIdentity());

    /// <summary>
    /// Builds a response to <paramref name="request"/> per RFC 3261 §8.2.6.2: Via, From, To, Call-ID and
    /// CSeq copied; the To tag added when given and the request had none.
    /// </summary>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var headers = new SipHeaders();
        var source = request.Headers;
        for (int i = 0; i < source.Count; i++)
        {
            var id = source.IdAt(i);
            if (id is HeaderId.Via or HeaderId.From or HeaderId.CallId or HeaderId.CSeq)
            {
                headers.Add(id, source.ValueAt(i));
            }
            else if (id == HeaderId.To)
            {
                var to = source.ValueAt(i);
                if (toTag is not null && statusCode != 100 && NameAddress.TryParse(to, out var na) && na.Tag is null)
                {
                    to = na.WithTag(toTag).ToString();
                }

                headers.Add(HeaderId.To, to);
            }
            else if (id == HeaderId.Timestamp && statusCode == 100)
            {
                headers.Add(id, source.ValueAt(i));
            }
        }

        return new SipResponse(statusCode, reasonPhrase, headers);
    }

    internal override void WriteStartLine(IBufferWriter<byte> output)
    {
        SipMessageWriter.WriteAscii(output, "SIP/2.0 ");
        SipMessageWriter.WriteAscii(output, StatusCode.ToString(CultureInfo.InvariantCulture));
        SipMessageWriter.WriteAscii(output, " ");
        SipMessageWriter.WriteLine(output, ReasonPhrase);
        SipMessageWriter.WriteAscii(output, "\r\n");
    }
}
