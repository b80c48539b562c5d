using HotlineTelephony.Sip.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Sip.Tests.Authentication;

public sealed class DigestVerifierTests
{
    private const string Realm = "sip.example.com";
    private const string Uri = "sip:sip.example.com";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly NonceService _nonces;
    private readonly DigestVerifier _verifier;

    public DigestVerifierTests()
    {
        _nonces = new NonceService(NonceService.CreateSecret(), _time);
        _verifier = new DigestVerifier(_nonces);
    }

    public static TheoryData<string> Algorithms => ["SHA-256", "MD5"];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void RightPasswordIsAcceptedAfterARoundTripThroughHeaderText(string algorithmName)
    {
        var credentials = Answer(Offer(algorithmName), "alice", "correct horse");

        Assert.True(DigestCredentials.TryParse(credentials.ToHeaderValue(), out var parsed));
        Assert.Equal(DigestResult.Ok, _verifier.Verify(parsed, "REGISTER", "correct horse", Realm));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void WrongPasswordFails(string algorithmName)
    {
        var credentials = Answer(Offer(algorithmName), "alice", "battery staple");

        Assert.Equal(DigestResult.Failed, _verifier.Verify(credentials, "REGISTER", "correct horse", Realm));
    }

    [Fact]
    public void UnknownUserFailsExactlyLikeAWrongPassword()
    {
        var credentials = Answer(Offer("SHA-256"), "mallory", "guess");

        Assert.Equal(DigestResult.Failed, _verifier.Verify(credentials, "REGISTER", null, Realm));
    }

    [Fact]
    public void UnknownUserFailsEvenIfTheClientGuessesAnEmptyPassword()
    {
        var credentials = Answer(Offer("MD5"), "mallory", string.Empty);

        Assert.Equal(DigestResult.Failed, _verifier.Verify(credentials, "REGISTER", null, Realm));
    }

    [Fact]
    public void DigestForAnotherMethodFails()
    {
        var credentials = Answer(Offer("SHA-256"), "alice", "pw", method: "INVITE");

        Assert.Equal(DigestResult.Failed, _verifier.Verify(credentials, "BYE", "pw", Realm));
    }

    [Fact]
    public void RightDigestOnAnExpiredNonceIsStale()
    {
        var credentials = Answer(Offer("SHA-256"), "alice", "pw");

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(DigestResult.Stale, _verifier.Verify(credentials, "REGISTER", "pw", Realm));
    }

    [Fact]
    public void WrongDigestOnAnExpiredNonceFailsRatherThanInvitingARetry()
    {
        var credentials = Answer(Offer("SHA-256"), "alice", "wrong");

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(DigestResult.Failed, _verifier.Verify(credentials, "REGISTER", "pw", Realm));
    }

    [Fact]
    public void NonceWeDidNotIssueIsRejected()
    {
        var forged = new DigestChallenge { Realm = Realm, Nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093", Algorithm = DigestAlgorithm.Md5 };
        var credentials = Answer(forged, "alice", "pw");

        Assert.Equal(DigestResult.InvalidNonce, _verifier.Verify(credentials, "REGISTER", "pw", Realm));
    }

    [Fact]
    public void UppercaseHexResponseIsAccepted()
    {
        var credentials = Answer(Offer("MD5"), "alice", "pw");
        var shouting = With(credentials, response: credentials.Response.ToUpperInvariant());

        Assert.Equal(DigestResult.Ok, _verifier.Verify(shouting, "REGISTER", "pw", Realm));
    }

    [Fact]
    public void Rfc2069StyleAnswerWithoutQopIsAccepted()
    {
        var challenge = new DigestChallenge { Realm = Realm, Nonce = _nonces.Create(Realm), Algorithm = DigestAlgorithm.Md5, Qop = null };
        var credentials = Answer(challenge, "alice", "pw");
        Assert.Null(credentials.Qop);

        Assert.Equal(DigestResult.Ok, _verifier.Verify(credentials, "REGISTER", "pw", Realm));
    }

    [Fact]
    public void CredentialsForAnotherRealmAreMalformed()
    {
        var credentials = Answer(Offer("SHA-256"), "alice", "pw");

        Assert.Equal(DigestResult.Malformed, _verifier.Verify(credentials, "REGISTER", "pw", "other.example.com"));
    }

    [Fact]
    public void UnsupportedAlgorithmIsMalformed()
    {
        var credentials = With(Answer(Offer("SHA-256"), "alice", "pw"), algorithm: "SHA-512-256");

        Assert.Equal(DigestResult.Malformed, _verifier.Verify(credentials, "REGISTER", "pw", Realm));
    }

    [Theory]
    [InlineData("auth-int", "cn", "00000001")]
    [InlineData("auth", null, "00000001")]
    [InlineData("auth", "cn", null)]
    [InlineData("auth", "cn", "1")]
    [InlineData("auth", "cn", "0000000g")]
    public void QopAuthNeedsAClientNonceAndAnEightDigitHexCount(string qop, string? clientNonce, string? nonceCount)
    {
        var credentials = With(Answer(Offer("SHA-256"), "alice", "pw"), qop: qop, clientNonce: clientNonce, nonceCount: nonceCount, clearClientNonce: clientNonce is null, clearNonceCount: nonceCount is null);

        Assert.Equal(DigestResult.Malformed, _verifier.Verify(credentials, "REGISTER", "pw", Realm));
    }

    [Theory]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("6629fae49393a05397450978507c4ef")]
    public void ResponseThatIsNotAHexDigestOfTheRightLengthFails(string response)
    {
        var credentials = With(Answer(Offer("MD5"), "alice", "pw"), response: response);

        Assert.Equal(DigestResult.Failed, _verifier.Verify(credentials, "REGISTER", "pw", Realm));
    }

    private DigestChallenge Offer(string algorithmName)
    {
        var offers = DigestChallenge.CreateOffers(Realm, _nonces.Create(Realm), "opaque-value");
        return Array.Find(offers, o => o.Algorithm.Name == algorithmName)!;
    }

    private static DigestCredentials Answer(DigestChallenge challenge, string user, string password, string method = "REGISTER") =>
        DigestResponder.CreateAuthorization(challenge, method, Uri, user, password, DigestResponder.CreateClientNonce(), 1);

    private static DigestCredentials With(
        DigestCredentials c,
        string? response = null,
        string? algorithm = null,
        string? qop = null,
        string? clientNonce = null,
        string? nonceCount = null,
        bool clearClientNonce = false,
        bool clearNonceCount = false) => new()
        {
            Username = c.Username,
            Realm = c.Realm,
            Nonce = c.Nonce,
            Uri = c.Uri,
            Response = response ?? c.Response,
            Algorithm = algorithm ?? c.Algorithm,
            Qop = qop ?? c.Qop,
            ClientNonce = clearClientNonce ? null : clientNonce ?? c.ClientNonce,
            NonceCount = clearNonceCount ? null : nonceCount ?? c.NonceCount,
            Opaque = c.Opaque,
        };
}
