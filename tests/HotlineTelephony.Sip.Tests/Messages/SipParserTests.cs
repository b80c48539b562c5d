using System.Text;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Tests.Messages;

public class SipParserTests
{
    private const string Invite =
        "INVITE sip:12345@127.0.0.1:5060 SIP/2.0\r\n" +
        "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKabc\r\n" +
        "Max-Forwards: 70\r\n" +
        "t: <sip:12345@127.0.0.1>\r\n" +
        "f: \"Zhang, San\" <sip:13800000000@carrier.example>;tag=1928301774\r\n" +
        "i: a84b4c76e66710@pc33.example\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "m: <sip:13800000000@10.0.0.1:5060>\r\n" +
        "X-Carrier-Trace: abc\r\n" +
        "Subject: folded\r\n  continues here\r\n" +
        "c: application/sdp\r\n" +
        "l: 4\r\n" +
        "\r\n" +
        "v=0\r\n";

    [Fact]
    public void CompactAndCaseInsensitiveNamesMapToOneHeader()
    {
        var msg = Parse(Invite);
        Assert.Equal("a84b4c76e66710@pc33.example", msg.CallId);
        Assert.Equal("a84b4c76e66710@pc33.example", msg.Headers.Get("call-id"));
        Assert.Equal("a84b4c76e66710@pc33.example", msg.Headers.Get("I"));
        Assert.Equal("application/sdp", msg.ContentType);
    }

    [Fact]
    public void CommaJoinedViasAreSeparateValuesAndTopViaIsFirst()
    {
        var msg = Parse(Invite);
        Assert.Equal(2, msg.Vias.Count);
        Assert.Equal("z9hG4bK776asdhds", msg.TopVia!.Branch);
        Assert.True(msg.TopVia.HasRPort);
        Assert.Equal("10.0.0.2", msg.Vias[1].Host);
    }

    [Fact]
    public void QuotedCommaInDisplayNameIsNotASeparator()
    {
        var msg = Parse(Invite);
        Assert.Equal("Zhang, San", msg.From.DisplayName);
        Assert.Equal("1928301774", msg.From.Tag);
    }

    [Fact]
    public void FoldedHeaderIsUnfoldedToOneSpace()
    {
        var msg = Parse(Invite);
        Assert.Equal("folded continues here", msg.Headers.Get(HeaderId.Subject));
    }

    [Fact]
    public void UnknownHeadersAreKeptAndWrittenBack()
    {
        var msg = Parse(Invite);
        Assert.Equal("abc", msg.Headers.Get("x-carrier-trace"));
        Assert.Contains("X-Carrier-Trace: abc\r\n", msg.ToString());
    }

    [Fact]
    public void BodyIsCutAtContentLength()
    {
        var msg = Parse(Invite + "garbage");
        Assert.Equal("v=0\r", Encoding.UTF8.GetString(msg.Body.Span));
    }

    [Fact]
    public void RoundTripIsStable()
    {
        var first = Parse(Invite).ToString();
        var second = Parse(first).ToString();
        Assert.Equal(first, second);
    }

    [Fact]
    public void ContentLengthBeyondBodyIsRejectedWith400()
    {
        var bad = Invite.Replace("l: 4", "l: 400");
        Assert.False(SipMessage.TryParse(Encoding.UTF8.GetBytes(bad), out _, out var error));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Content-Length", error.Reason);
    }

    [Fact]
    public void OtherSipVersionIsRejectedWith505()
    {
        var bad = Invite.Replace("127.0.0.1:5060 SIP/2.0", "127.0.0.1:5060 SIP/7.0");
        Assert.False(SipMessage.TryParse(Encoding.UTF8.GetBytes(bad), out _, out var error));
        Assert.Equal(505, error.StatusCode);
    }

    [Fact]
    public void ValidatorRejectsCSeqMethodMismatch()
    {
        var msg = Parse(Invite.Replace("314159 INVITE", "314159 BYE"));
        Assert.False(SipMessageValidator.TryValidate(msg, out var error));
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void ResponseCopiesViaFromToCallIdCSeqAndAddsToTag()
    {
        var req = (SipRequest)Parse(Invite);
        Assert.True(SipMessageValidator.TryValidate(req, out _));
        var resp = SipResponse.CreateFor(req, 180, toTag: "as83kd");
        var text = resp.ToString();
        Assert.StartsWith("SIP/2.0 180 Ringing\r\n", text);
        Assert.Equal("as83kd", resp.To.Tag);
        Assert.Equal(2, resp.Vias.Count);
        Assert.Equal(314159u, resp.CSeq.Number);
    }

    [Theory]
    [InlineData("sip:user@[2001:db8::10]:5070;transport=tcp", "[2001:db8::10]", 5070)]
    [InlineData("sips:alice@example.com", "example.com", null)]
    [InlineData("sip:12345@127.0.0.1;user=phone?Subject=x", "127.0.0.1", null)]
    public void UrisParse(string text, string host, int? port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.Equal(text, uri.ToString());
    }

    private static SipMessage Parse(string text)
    {
        Assert.True(SipMessage.TryParse(Encoding.UTF8.GetBytes(text), out var msg, out var error), error.ToString());
        return msg;
    }
}
