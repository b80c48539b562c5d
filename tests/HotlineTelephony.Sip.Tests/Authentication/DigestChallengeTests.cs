using HotlineTelephony.Sip.Authentication;

namespace HotlineTelephony.Sip.Tests.Authentication;

public sealed class DigestChallengeTests
{
    [Fact]
    public void OffersSha256FirstThenMd5WithTheSameNonce()
    {
        var offers = DigestChallenge.CreateOffers("example.com", "bm9uY2U", "b3BhcXVl");

        Assert.Equal(
            [
                "Digest realm=\"example.com\", nonce=\"bm9uY2U\", opaque=\"b3BhcXVl\", algorithm=SHA-256, qop=\"auth\"",
                "Digest realm=\"example.com\", nonce=\"bm9uY2U\", opaque=\"b3BhcXVl\", algorithm=MD5, qop=\"auth\"",
            ],
            Array.ConvertAll(offers, o => o.ToHeaderValue()));
    }

    [Fact]
    public void StaleChallengeSaysStaleTrue()
    {
        var offers = DigestChallenge.CreateOffers("example.com", "n", stale: true);

        Assert.Equal("Digest realm=\"example.com\", nonce=\"n\", algorithm=SHA-256, qop=\"auth\", stale=true", offers[0].ToHeaderValue());
    }

    [Fact]
    public void EscapesQuotesAndBackslashesInTheRealm()
    {
        var challenge = new DigestChallenge { Realm = "a\"b\\c", Nonce = "n", Algorithm = DigestAlgorithm.Md5 };

        Assert.Equal("Digest realm=\"a\\\"b\\\\c\", nonce=\"n\", algorithm=MD5, qop=\"auth\"", challenge.ToHeaderValue());
    }

    [Fact]
    public void ParsesATrunkChallengeWithoutAlgorithmAsMd5()
    {
        Assert.True(DigestChallenge.TryParse("""Digest realm="carrier.net", nonce="abc", qop="auth", stale=TRUE, domain="sip:carrier.net" """, out var c));

        Assert.Same(DigestAlgorithm.Md5, c.Algorithm);
        Assert.Equal("carrier.net", c.Realm);
        Assert.Equal("abc", c.Nonce);
        Assert.Equal("auth", c.Qop);
        Assert.True(c.Stale);
        Assert.Null(c.Opaque);
    }

    [Fact]
    public void ParsingAChallengeWithAnUnsupportedAlgorithmFailsSoTheClientTriesTheNextOne()
    {
        Assert.False(DigestChallenge.TryParse("""Digest realm="r", nonce="n", algorithm=SHA-512-256""", out _));
    }
}
