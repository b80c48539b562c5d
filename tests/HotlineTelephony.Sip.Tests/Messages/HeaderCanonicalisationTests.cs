using System.Text;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Tests.Messages;

public class HeaderCanonicalisationTests
{
    [Theory]
    [InlineData("v", HeaderId.Via, "Via")]
    [InlineData("f", HeaderId.From, "From")]
    [InlineData("t", HeaderId.To, "To")]
    [InlineData("i", HeaderId.CallId, "Call-ID")]
    [InlineData("m", HeaderId.Contact, "Contact")]
    [InlineData("l", HeaderId.ContentLength, "Content-Length")]
    [InlineData("c", HeaderId.ContentType, "Content-Type")]
    [InlineData("k", HeaderId.Supported, "Supported")]
    [InlineData("s", HeaderId.Subject, "Subject")]
    [InlineData("e", HeaderId.ContentEncoding, "Content-Encoding")]
    [InlineData("o", HeaderId.Event, "Event")]
    [InlineData("r", HeaderId.ReferTo, "Refer-To")]
    [InlineData("b", HeaderId.ReferredBy, "Referred-By")]
    [InlineData("u", HeaderId.AllowEvents, "Allow-Events")]
    [InlineData("x", HeaderId.SessionExpires, "Session-Expires")]
    [InlineData("a", HeaderId.AcceptContact, "Accept-Contact")]
    [InlineData("j", HeaderId.RejectContact, "Reject-Contact")]
    [InlineData("d", HeaderId.RequestDisposition, "Request-Disposition")]
    [InlineData("y", HeaderId.Identity, "Identity")]
    public void CompactFormsInEitherCaseMapToTheLongHeader(string compact, HeaderId id, string canonical)
    {
        Assert.Equal(id, HeaderNames.Lookup(compact));
        Assert.Equal(id, HeaderNames.Lookup(compact.ToUpperInvariant()));
        Assert.Equal(id, HeaderNames.Lookup(Encoding.ASCII.GetBytes(compact)));
        Assert.Equal(id, HeaderNames.Lookup(Encoding.ASCII.GetBytes(compact.ToUpperInvariant())));
        Assert.Equal(id, HeaderNames.Lookup(canonical.ToLowerInvariant()));
        Assert.Equal(id, HeaderNames.Lookup(Encoding.ASCII.GetBytes(canonical.ToUpperInvariant())));
        Assert.Equal(canonical, HeaderNames.Canonical(id));
    }

    [Fact]
    public void EveryKnownLongNameIsFoundInAnyCase()
    {
        foreach (var id in Enum.GetValues<HeaderId>().Where(i => i != HeaderId.Unknown))
        {
            var name = HeaderNames.Canonical(id);
            foreach (var spelling in new[] { name, name.ToLowerInvariant(), name.ToUpperInvariant() })
            {
                Assert.Equal(id, HeaderNames.Lookup(spelling));
                Assert.Equal(id, HeaderNames.Lookup(Encoding.ASCII.GetBytes(spelling)));
            }
        }
    }

    [Theory]
    [InlineData("Refer-To", HeaderId.ReferTo)]
    [InlineData("reply-to", HeaderId.ReplyTo)]
    [InlineData("Reply-Tx", HeaderId.Unknown)]
    [InlineData("Via-", HeaderId.Unknown)]
    [InlineData("Cseq", HeaderId.CSeq)]
    [InlineData("CSez", HeaderId.Unknown)]
    public void NamesOfTheSameLengthAndEndsAreToldApart(string name, HeaderId id) =>
        Assert.Equal(id, HeaderNames.Lookup(Encoding.ASCII.GetBytes(name)));

    [Theory]
    [InlineData("q")]
    [InlineData("X-Carrier-Trace")]
    [InlineData("Vias")]
    [InlineData("Call_ID")]
    public void OtherNamesAreUnknown(string name)
    {
        Assert.Equal(HeaderId.Unknown, HeaderNames.Lookup(name));
        Assert.Equal(HeaderId.Unknown, HeaderNames.Lookup(Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void EveryLookupFindsCompactHeadersAndTheWriterUsesLongNames()
    {
        var msg = Parse(
            "MESSAGE sip:agent@example.com SIP/2.0\r\n" +
            "V: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n" +
            "F: <sip:c@example.com>;tag=1\r\nT: <sip:agent@example.com>\r\nI: abc@a\r\nCSeq: 1 MESSAGE\r\n" +
            "K: 100rel\r\nS: hello\r\nE: gzip\r\nO: presence\r\nR: <sip:x@example.com>\r\nB: <sip:y@example.com>\r\n" +
            "U: talk\r\nX: 1800\r\nM: <sip:c@10.0.0.1>\r\nC: text/plain\r\nL: 2\r\n\r\nhi");
        Assert.True(SipMessageValidator.TryValidate(msg, out var error), error.ToString());
        Assert.Equal("abc@a", msg.CallId);
        Assert.Equal("abc@a", msg.Headers.Get("CALL-id"));
        Assert.Equal("abc@a", msg.Headers.Get("i"));
        Assert.Equal("hello", msg.Headers.Get(HeaderId.Subject));
        Assert.True(msg.HasOptionTag(HeaderId.Supported, "100rel"));
        Assert.Equal(1800, msg.GetIntHeader(HeaderId.SessionExpires));
        Assert.Equal("sip:x@example.com", msg.GetNameAddresses(HeaderId.ReferTo)![0].Uri.ToString());

        var text = Encoding.UTF8.GetString(msg.ToBytes());
        foreach (var name in new[] { "Via", "From", "To", "Call-ID", "Supported", "Subject", "Content-Encoding", "Event", "Refer-To", "Referred-By", "Allow-Events", "Session-Expires", "Contact", "Content-Type", "Content-Length" })
        {
            Assert.Contains("\r\n" + name + ": ", text);
        }
    }

    [Fact]
    public void UnknownHeaderNamesKeepTheirSpellingAndAreFoundInAnyCase()
    {
        var msg = Parse("OPTIONS sip:a@example.com SIP/2.0\r\nX-Queue-Id: 42\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal("42", msg.Headers.Get("x-queue-id"));
        Assert.Equal("X-Queue-Id", msg.Headers.NameAt(0));
    }

    [Fact]
    public void WhitespaceBeforeTheColonIsAllowed()
    {
        var msg = Parse("OPTIONS sip:a@example.com SIP/2.0\r\nCall-ID \t : abc\r\nContent-Length   : 0\r\n\r\n");
        Assert.Equal("abc", msg.CallId);
    }

    private static SipMessage Parse(string text)
    {
        Assert.True(SipMessage.TryParse(Encoding.UTF8.GetBytes(text), out var msg, out var error), error.ToString());
        return msg;
    }
}
