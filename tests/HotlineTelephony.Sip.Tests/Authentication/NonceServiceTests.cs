using HotlineTelephony.Sip.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Sip.Tests.Authentication;

public sealed class NonceServiceTests
{
    private const string Realm = "example.com";

    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void FreshNonceIsValid()
    {
        var nonces = new NonceService(Secret, _time);

        Assert.Equal(NonceStatus.Valid, nonces.Validate(nonces.Create(Realm), Realm));
    }

    [Fact]
    public void NonceIsValidForItsWholeLifetimeThenStale()
    {
        var nonces = new NonceService(Secret, _time);
        var nonce = nonces.Create(Realm);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(NonceStatus.Valid, nonces.Validate(nonce, Realm));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(NonceStatus.Stale, nonces.Validate(nonce, Realm));
    }

    [Fact]
    public void LifetimeCanBeConfigured()
    {
        var nonces = new NonceService(Secret, _time, TimeSpan.FromSeconds(30));
        var nonce = nonces.Create(Realm);

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(NonceStatus.Stale, nonces.Validate(nonce, Realm));
    }

    [Fact]
    public void EveryNonceIsDifferentEvenInTheSameMillisecond()
    {
        var nonces = new NonceService(Secret, _time);

        Assert.NotEqual(nonces.Create(Realm), nonces.Create(Realm));
    }

    [Fact]
    public void AnotherNodeWithTheSameSecretAcceptsTheNonce()
    {
        var issuer = new NonceService(Secret, _time);
        var otherNode = new NonceService((byte[])Secret.Clone(), new FakeTimeProvider(_time.GetUtcNow().AddSeconds(2)));

        Assert.Equal(NonceStatus.Valid, otherNode.Validate(issuer.Create(Realm), Realm));
    }

    [Fact]
    public void NodeWithADifferentSecretRejectsTheNonce()
    {
        var issuer = new NonceService(Secret, _time);
        var stranger = new NonceService(NonceService.CreateSecret(), _time);

        Assert.Equal(NonceStatus.Invalid, stranger.Validate(issuer.Create(Realm), Realm));
    }

    [Fact]
    public void NonceForAnotherRealmIsInvalid()
    {
        var nonces = new NonceService(Secret, _time);

        Assert.Equal(NonceStatus.Invalid, nonces.Validate(nonces.Create("other.example.com"), Realm));
    }

    [Fact]
    public void TamperedNonceIsInvalidWhereverTheChangeIs()
    {
        var nonces = new NonceService(Secret, _time);
        var nonce = nonces.Create(Realm);

        for (var i = 0; i < nonce.Length; i++)
        {
            var chars = nonce.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.Equal(NonceStatus.Invalid, nonces.Validate(new string(chars), Realm));
        }
    }

    [Fact]
    public void ExpiredNonceWithAMovedTimestampIsInvalidNotValid()
    {
        // Rewriting the timestamp to look fresh must break the MAC rather than revive the nonce.
        var nonces = new NonceService(Secret, _time);
        var nonce = nonces.Create(Realm);
        _time.Advance(TimeSpan.FromMinutes(10));
        var fresh = nonces.Create(Realm);

        var spliced = fresh[..8] + nonce[8..];

        Assert.Equal(NonceStatus.Invalid, nonces.Validate(spliced, Realm));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dcd98b7102dd2f0e8b11d0f600bfb0c093")]
    [InlineData("not base64url at all, but exactly sixty-four characters long!!!!")]
    public void GarbageIsInvalid(string nonce)
    {
        var nonces = new NonceService(Secret, _time);

        Assert.Equal(NonceStatus.Invalid, nonces.Validate(nonce, Realm));
    }

    [Fact]
    public void NonceFromWellAheadOfOurClockIsInvalid()
    {
        var aheadNode = new NonceService(Secret, new FakeTimeProvider(_time.GetUtcNow().AddMinutes(1)));
        var nonces = new NonceService(Secret, _time);

        Assert.Equal(NonceStatus.Invalid, nonces.Validate(aheadNode.Create(Realm), Realm));
    }

    [Fact]
    public void ShortSecretIsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => new NonceService(new byte[16], _time));

        Assert.Contains("at least 32 bytes", error.Message);
    }
}
