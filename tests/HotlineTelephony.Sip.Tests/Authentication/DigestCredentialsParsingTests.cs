using HotlineTelephony.Sip.Authentication;

namespace HotlineTelephony.Sip.Tests.Authentication;

public sealed class DigestCredentialsParsingTests
{
    [Fact]
    public void ParsesTheRfc2617ExampleSpreadOverManyLines()
    {
        const string Header = """
            Digest username="Mufasa",
                             realm="testrealm@host.com",
                             nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
                             uri="/dir/index.html",
                             qop=auth,
                             nc=00000001,
                             cnonce="0a4f113b",
                             response="6629fae49393a05397450978507c4ef1",
                             opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """;

        Assert.True(DigestCredentials.TryParse(Header, out var c));

        Assert.Equal("Mufasa", c.Username);
        Assert.Equal("testrealm@host.com", c.Realm);
        Assert.Equal("dcd98b7102dd2f0e8b11d0f600bfb0c093", c.Nonce);
        Assert.Equal("/dir/index.html", c.Uri);
        Assert.Equal("auth", c.Qop);
        Assert.Equal("00000001", c.NonceCount);
        Assert.Equal("0a4f113b", c.ClientNonce);
        Assert.Equal("6629fae49393a05397450978507c4ef1", c.Response);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", c.Opaque);
        Assert.Null(c.Algorithm);
    }

    [Fact]
    public void AcceptsAnyCaseSchemeTabsAndWhitespaceAroundEqualsAndCommas()
    {
        Assert.True(DigestCredentials.TryParse(
            "  dIgEsT\tUSERNAME = \"bob\" ,realm=\"sip.example.com\"\t,  nonce=\"n1\",uri =\"sip:sip.example.com\" ,response= \"0123\"  ,ALGORITHM=md5  ",
            out var c));

        Assert.Equal("bob", c.Username);
        Assert.Equal("sip.example.com", c.Realm);
        Assert.Equal("n1", c.Nonce);
        Assert.Equal("sip:sip.example.com", c.Uri);
        Assert.Equal("0123", c.Response);
        Assert.Equal("md5", c.Algorithm);
    }

    [Fact]
    public void UnescapesBackslashQuotedPairsInQuotedStrings()
    {
        Assert.True(DigestCredentials.TryParse(
            """Digest username="al\"ice\\", realm="a\,b", nonce="n", uri="sip:x", response="r" """,
            out var c));

        Assert.Equal("al\"ice\\", c.Username);
        Assert.Equal("a,b", c.Realm);
    }

    [Fact]
    public void IgnoresUnknownParametersEvenWhenTheirQuotedValuesContainCommasAndEquals()
    {
        Assert.True(DigestCredentials.TryParse(
            """Digest foo="a, b=c", username="u", bar=baz, realm="r", nonce="n", uri="sip:x", response="r", userhash=false""",
            out var c));

        Assert.Equal("u", c.Username);
    }

    [Fact]
    public void ToleratesEmptyListElements()
    {
        Assert.True(DigestCredentials.TryParse("""Digest ,username="u",, realm="r" , ,nonce="n",uri="sip:x",response="r",""", out var c));

        Assert.Equal("r", c.Realm);
    }

    [Fact]
    public void AcceptsUnquotedUriFromSloppyDevices()
    {
        Assert.True(DigestCredentials.TryParse("""Digest username="u", realm="r", nonce="n", uri=sip:bob@example.com;transport=tcp, response="r" """, out var c));

        Assert.Equal("sip:bob@example.com;transport=tcp", c.Uri);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("""Digestusername="u", realm="r", nonce="n", uri="sip:x", response="r" """)]
    [InlineData("""Digest realm="r", nonce="n", uri="sip:x", response="r" """)]
    [InlineData("""Digest username="u", realm="r", nonce="n", uri="sip:x" """)]
    [InlineData("""Digest username="u", username="v", realm="r", nonce="n", uri="sip:x", response="r" """)]
    [InlineData("""Digest username="u", realm="r", nonce="n", uri="sip:x", response="r", userhash=true""")]
    [InlineData("""Digest username="u, realm="r", nonce="n", uri="sip:x", response="r""")]
    [InlineData("""Digest username="u" realm="r", nonce="n", uri="sip:x", response="r" """)]
    [InlineData("""Digest username="u", realm=, nonce="n", uri="sip:x", response="r" """)]
    [InlineData("""Digest username="u", ="r", nonce="n", uri="sip:x", response="r" """)]
    [InlineData("""Digest username="u\""")]
    [InlineData("Digest")]
    [InlineData("")]
    public void RejectsMalformedOrUnsupportedHeaderValues(string header)
    {
        Assert.False(DigestCredentials.TryParse(header, out var credentials));
        Assert.Null(credentials);
    }

    [Fact]
    public void HeaderValueRoundTripsThroughTheParserWithAwkwardCharacters()
    {
        var original = new DigestCredentials
        {
            Username = "o\"brien\\x",
            Realm = "realm, with comma",
            Nonce = "n=1",
            Uri = "sip:a@b;x=\"y\"",
            Response = "abcdef",
            Algorithm = "SHA-256",
            ClientNonce = "cn",
            NonceCount = "0000000a",
            Qop = "auth",
            Opaque = "op",
        };

        Assert.True(DigestCredentials.TryParse(original.ToHeaderValue(), out var parsed));

        Assert.Equivalent(original, parsed, strict: true);
    }
}
