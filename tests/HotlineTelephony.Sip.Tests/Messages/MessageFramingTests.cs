using System.Text;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Tests.Messages;

/// <summary>Header lists, folding, line endings and the start of a message.</summary>
public class MessageFramingTests
{
    private const string Mandatory =
        "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nFrom: <sip:c@example.com>;tag=1\r\nTo: <sip:agent@example.com>\r\nCall-ID: abc@a\r\nCSeq: 1 INVITE\r\n";

    [Fact]
    public void RepeatedAndCommaJoinedListHeadersGiveTheSameValues()
    {
        var repeated = Parse("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory +
            "Route: <sip:p1.example.com;lr>\r\nRoute: <sip:p2.example.com;lr>\r\nAllow: INVITE\r\nAllow: ACK, BYE\r\nContent-Length: 0\r\n\r\n");
        var joined = Parse("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory +
            "Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>\r\nAllow: INVITE,ACK , BYE\r\nContent-Length: 0\r\n\r\n");
        foreach (var id in new[] { HeaderId.Route, HeaderId.Allow })
        {
            Assert.Equal(repeated.Headers.GetValues(id), joined.Headers.GetValues(id));
        }

        Assert.Equal(["INVITE", "ACK", "BYE"], joined.Headers.GetValues(HeaderId.Allow));
        Assert.Equal(2, joined.GetNameAddresses(HeaderId.Route)!.Count);
    }

    [Fact]
    public void CommasInsideQuotesAndAnglesDoNotSplitListValues()
    {
        var msg = Parse("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory +
            "Contact: \"Zhang, San\" <sip:zs@example.com;x=a,b>;q=0.5, <sip:other@example.com>\r\nContent-Length: 0\r\n\r\n");
        var contacts = msg.GetNameAddresses(HeaderId.Contact)!;
        Assert.Equal(2, contacts.Count);
        Assert.Equal("Zhang, San", contacts[0].DisplayName);
        Assert.Equal("a,b", contacts[0].Uri.GetParameter("x"));
    }

    [Fact]
    public void SingleValueHeadersAreNotSplitAtCommas()
    {
        var msg = Parse("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory + "Subject: hello, world\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(["hello, world"], msg.Headers.GetValues(HeaderId.Subject));
    }

    [Fact]
    public void AllowValuesAreNeverMistakenForVias()
    {
        var msg = Parse("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory + "Allow: INVITE, ACK\r\nContent-Length: 0\r\n\r\n");
        Assert.Single(msg.Vias);
    }

    [Fact]
    public void FoldedLinesWithTabsAndSpacesUnfoldToSingleSpaces()
    {
        var msg = Parse("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory +
            "Subject: first\r\n\tsecond\r\n \t third\r\n" +
            "Via: SIP/2.0/UDP b.example.com;branch=z9hG4bK2,\r\n\tSIP/2.0/UDP c.example.com;branch=z9hG4bK3\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal("first second third", msg.Headers.Get(HeaderId.Subject));
        Assert.Equal(3, msg.Vias.Count);
        var text = Encoding.UTF8.GetString(msg.ToBytes());
        Assert.Contains("Subject: first second third\r\n", text);
        Assert.Contains("Via: SIP/2.0/UDP b.example.com;branch=z9hG4bK2, SIP/2.0/UDP c.example.com;branch=z9hG4bK3\r\n", text);
    }

    [Fact]
    public void FoldingAfterTheColonIsAllowed()
    {
        var msg = Parse("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory + "Subject:\r\n  folded value\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal("folded value", msg.Headers.Get(HeaderId.Subject));
    }

    [Fact]
    public void BareLfLineEndingsAreAcceptedAndCrlfIsWritten()
    {
        var msg = Parse("INVITE sip:a@example.com SIP/2.0\n" + Mandatory.Replace("\r\n", "\n") + "Subject: x\n  y\nContent-Length: 4\n\nv=0\n");
        Assert.True(SipMessageValidator.TryValidate(msg, out var error), error.ToString());
        Assert.Equal("v=0\n", Encoding.UTF8.GetString(msg.Body.Span));
        Assert.Equal("x y", msg.Headers.Get(HeaderId.Subject));
        var text = Encoding.UTF8.GetString(msg.ToBytes());
        Assert.StartsWith("INVITE sip:a@example.com SIP/2.0\r\nVia: ", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace("v=0\n", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void LeadingCrlfsBeforeTheStartLineAreIgnored()
    {
        var msg = Parse("\r\n\r\n\nOPTIONS sip:a@example.com SIP/2.0\r\n" + Mandatory.Replace("INVITE", "OPTIONS") + "Content-Length: 0\r\n\r\n");
        Assert.Equal("OPTIONS", ((SipRequest)msg).Method);
        Assert.StartsWith("OPTIONS sip:", Encoding.UTF8.GetString(msg.ToBytes()));
    }

    [Fact]
    public void MessageWithoutContentLengthTakesTheRestOfTheDatagram()
    {
        var msg = Parse("MESSAGE sip:a@example.com SIP/2.0\r\n" + Mandatory + "\r\nhello");
        Assert.Equal("hello", Encoding.UTF8.GetString(msg.Body.Span));
        Assert.Contains("Content-Length: 5\r\n", Encoding.UTF8.GetString(msg.ToBytes()));
    }

    [Fact]
    public void LeadingZerosInContentLengthAreAccepted()
    {
        var msg = Parse("MESSAGE sip:a@example.com SIP/2.0\r\n" + Mandatory + "Content-Length: 0000000000000005\r\n\r\nhello");
        Assert.Equal(5, msg.Body.Length);
    }

    [Theory]
    [InlineData("INVITE sip:a@example.com SIP/2.0\r\nSubject: a\rb\r\n\r\n", "Bare CR")]
    [InlineData("INVITE sip:a@example.com SIP/2.0\r\n folded-first: x\r\n\r\n", "Continuation")]
    [InlineData("INVITE sip:a@example.com SIP/2.0\r\nNo colon here\r\n\r\n", "colon")]
    [InlineData("INVITE sip:a@example.com SIP/2.0\r\n: empty name\r\n\r\n", "header line")]
    [InlineData("INVITE sip:a@example.com SIP/2.0\r\nContent-Length: 5\r\nl: 6\r\n\r\nhello!", "Conflicting")]
    [InlineData("INVITE sip:a@example.com SIP/2.0\r\nContent-Length: 99999999999\r\n\r\n", "Content-Length")]
    [InlineData("INVITE sip:a@example.com SIP/2.0\r\nContent-Length: 1 2\r\n\r\n", "Content-Length")]
    [InlineData("INVITE sip:a@example.com SIP/2.0\r\nVia: x\r\nbody without blank line", "not terminated")]
    [InlineData("INV<ITE sip:a@example.com SIP/2.0\r\n\r\n", "token")]
    [InlineData("INVITE sip:a@example.com\r\n\r\n", "request line")]
    [InlineData("INVITE sip:a@exa\u0001mple.com SIP/2.0\r\n\r\n", "control")]
    [InlineData("SIP/2.0 20 OK\r\n\r\n", "status")]
    [InlineData("SIP/2.0 099 Low\r\n\r\n", "range")]
    [InlineData("SIP/2.0 700 High\r\n\r\n", "range")]
    [InlineData("SIP/2.0 2000 OK\r\n\r\n", "status")]
    [InlineData("\r\n\r\n", "Empty")]
    [InlineData("INVITE sip:a@example.com SIP/2.0", "not terminated")]
    public void MalformedFramingIsRejectedWith400AndAReason(string text, string reason)
    {
        Assert.False(SipMessage.TryParse(Encoding.UTF8.GetBytes(text), out _, out var error));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(reason, error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("SIP/2.1 200 OK\r\n\r\n")]
    [InlineData("OPTIONS sip:a@example.com SIP/3.0\r\n\r\n")]
    public void OtherSipVersionsAreRejectedWith505(string text)
    {
        Assert.False(SipMessage.TryParse(Encoding.UTF8.GetBytes(text), out _, out var error));
        Assert.Equal(505, error.StatusCode);
    }

    [Fact]
    public void ValidatorWantsEveryMandatoryHeaderOnceAndWellFormed()
    {
        Assert.Equal(400, Validate("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory.Replace("Call-ID: abc@a\r\n", string.Empty) + "\r\n"));
        Assert.Equal(400, Validate("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory + "Call-ID: other\r\n\r\n"));
        Assert.Equal(400, Validate("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory.Replace("1 INVITE", "4294967296 INVITE") + "\r\n"));
        Assert.Equal(400, Validate("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory + "Max-Forwards: 256\r\n\r\n"));
        Assert.Equal(400, Validate("INVITE sip:a@example.com SIP/2.0\r\nVia:\r\n" + Mandatory[Mandatory.IndexOf("From", StringComparison.Ordinal)..] + "\r\n"));
        Assert.Equal(416, Validate("INVITE mailto:a@example.com SIP/2.0\r\n" + Mandatory + "\r\n"));
        Assert.Equal(400, Validate("INVITE sip:a@example.com?Subject=x SIP/2.0\r\n" + Mandatory + "\r\n"));
        Assert.Equal(0, Validate("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory.Replace("1 INVITE", "0000000000001 INVITE") + "Max-Forwards: 0070\r\n\r\n"));
    }

    [Fact]
    public void LineBreaksInValuesSetByTheStackCannotAddHeaderFields()
    {
        var msg = Parse("INVITE sip:a@example.com SIP/2.0\r\n" + Mandatory + "Content-Length: 0\r\n\r\n");
        msg.Headers.Set(HeaderId.Subject, "hi\r\nVia: SIP/2.0/UDP evil.example.com");
        var response = new SipResponse(486, "Busy\r\nX-Evil: 1", msg.Headers.Clone());
        foreach (var written in new[] { msg.ToBytes(), response.ToBytes() })
        {
            var again = Parse(Encoding.UTF8.GetString(written));
            Assert.Single(again.Vias);
            Assert.Null(again.Headers.Get("X-Evil"));
        }

        Assert.Contains("Subject: hi  Via: SIP/2.0/UDP evil.example.com\r\n", Encoding.UTF8.GetString(msg.ToBytes()));
    }

    [Fact]
    public void RemovingTheFirstValueSkipsEmptyFields()
    {
        var msg = Parse("SIP/2.0 200 OK\r\nVia: ,\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n" +
            Mandatory[Mandatory.IndexOf("From", StringComparison.Ordinal)..] + "\r\n");
        Assert.Equal("z9hG4bK1", msg.TopVia!.Branch);
        msg.Headers.RemoveFirstValue(HeaderId.Via);
        Assert.Equal("z9hG4bK2", msg.TopVia!.Branch);
        Assert.Equal(["SIP/2.0/UDP b;branch=z9hG4bK2"], msg.Headers.GetValues(HeaderId.Via));
    }

    private static int Validate(string text)
    {
        var msg = Parse(text);
        return SipMessageValidator.TryValidate(msg, out var error) ? 0 : error.StatusCode;
    }

    private static SipMessage Parse(string text)
    {
        Assert.True(SipMessage.TryParse(Encoding.UTF8.GetBytes(text), out var msg, out var error), error.ToString());
        return msg;
    }
}
