using HotlineTelephony.Sip.Authentication;

namespace HotlineTelephony.Sip.Tests.Authentication;

public sealed class DigestVectorTests
{
    [Fact]
    public void Rfc2617Section3_5Md5ExampleGivesThePublishedResponse()
    {
        Assert.True(DigestChallenge.TryParse(
            """
            Digest
                             realm="testrealm@host.com",
                             qop="auth,auth-int",
                             nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
                             opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """,
            out var challenge));

        var credentials = DigestResponder.CreateAuthorization(challenge, "GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b", 1);

        Assert.Equal("6629fae49393a05397450978507c4ef1", credentials.Response);
        Assert.Equal("auth", credentials.Qop);
        Assert.Equal("00000001", credentials.NonceCount);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", credentials.Opaque);
    }

    [Fact]
    public void Rfc7616Section3_9_1Sha256ExampleGivesThePublishedResponse()
    {
        Assert.True(DigestChallenge.TryParse(
            """
            Digest
                   realm="http-auth@example.org",
                   qop="auth, auth-int",
                   algorithm=SHA-256,
                   nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                   opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
            """,
            out var challenge));
        Assert.Same(DigestAlgorithm.Sha256, challenge.Algorithm);

        var credentials = DigestResponder.CreateAuthorization(
            challenge, "GET", "/dir/index.html", "Mufasa", "Circle of Life", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);

        Assert.Equal("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", credentials.Response);
        Assert.Equal("SHA-256", credentials.Algorithm);
    }

    [Fact]
    public void Rfc7616Section3_9_1Md5ExampleGivesThePublishedResponse()
    {
        var challenge = new DigestChallenge
        {
            Realm = "http-auth@example.org",
            Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            Algorithm = DigestAlgorithm.Md5,
            Qop = "auth, auth-int",
        };

        var credentials = DigestResponder.CreateAuthorization(
            challenge, "GET", "/dir/index.html", "Mufasa", "Circle of Life", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);

        Assert.Equal("8ca523f5e9506fed4657c9700eebdbec", credentials.Response);
    }

    [Fact]
    public void ResponderWritesTheAuthorizationHeaderValueWithRfc7616Quoting()
    {
        var challenge = new DigestChallenge { Realm = "example.com", Nonce = "abc", Opaque = "xyz", Algorithm = DigestAlgorithm.Sha256 };

        var header = DigestResponder.CreateAuthorization(challenge, "REGISTER", "sip:example.com", "alice", "secret", "c0ffee", 2).ToHeaderValue();

        Assert.StartsWith(
            "Digest username=\"alice\", realm=\"example.com\", nonce=\"abc\", uri=\"sip:example.com\", response=\"",
            header);
        Assert.EndsWith("\", algorithm=SHA-256, cnonce=\"c0ffee\", opaque=\"xyz\", qop=auth, nc=00000002", header);
    }

    [Fact]
    public void ResponderRefusesAChallengeOfferingOnlyAuthInt()
    {
        var challenge = new DigestChallenge { Realm = "r", Nonce = "n", Qop = "auth-int" };

        Assert.Throws<NotSupportedException>(() => DigestResponder.CreateAuthorization(challenge, "INVITE", "sip:b@r", "a", "p", "c", 1));
    }
}
