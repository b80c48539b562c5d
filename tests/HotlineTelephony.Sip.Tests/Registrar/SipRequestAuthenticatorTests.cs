using System.Net;
using HotlineTelephony.Sip.Authentication;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Registrar;

public sealed class SipRequestAuthenticatorTests
{
    private readonly RegistrarHarness _h = new();

    [Fact]
    public void InviteFromTrustedLoopbackTrunkIsTrustedWithoutCredentials()
    {
        var result = _h.Authenticator.Authenticate(Invite(), From("127.0.0.1"));

        Assert.Equal(AuthStatus.Trusted, result.Status);
        Assert.Equal("loopback trunk", result.Peer!.Name);
        Assert.Null(result.Response);
    }

    [Fact]
    public void InviteFromAnIpv4MappedTrunkAddressIsTrusted()
    {
        var result = _h.Authenticator.Authenticate(Invite(), From("::ffff:10.1.20.30"));

        Assert.Equal(AuthStatus.Trusted, result.Status);
        Assert.Equal("carrier", result.Peer!.Name);
    }

    [Fact]
    public void InviteFromTheEmergencyGatewayRangeIsTrustedAsEmergency()
    {
        var result = _h.Authenticator.Authenticate(Invite(), From("2001:db8:110::5"));

        Assert.Equal(TrustedPeerKind.Emergency, result.Peer!.Kind);
    }

    [Fact]
    public void InviteFromAnUntrustedAddressIsChallengedWith407AndProxyAuthenticate()
    {
        var result = _h.Authenticator.Authenticate(Invite(), From("198.51.100.9"));

        Assert.Equal(AuthStatus.Challenged, result.Status);
        var response = result.Response!;
        Assert.StartsWith("SIP/2.0 407 Proxy Authentication Required\r\n", response.ToString(), StringComparison.Ordinal);
        var challenges = response.Headers.GetValues(HeaderId.ProxyAuthenticate);
        Assert.Equal(2, challenges.Count);
        Assert.Contains("algorithm=SHA-256", challenges[0], StringComparison.Ordinal);
        Assert.Contains("algorithm=MD5", challenges[1], StringComparison.Ordinal);
        Assert.False(response.Headers.Contains(HeaderId.WwwAuthenticate));
    }

    [Fact]
    public void InviteWithRightProxyCredentialsIsAuthenticatedAsTheExtension()
    {
        var agent = _h.Phone("1004");
        var source = From("198.51.100.9");
        agent.Accept(_h.Authenticator.Authenticate(Invite(), source).Response!);

        var result = _h.Authenticator.Authenticate(agent.CreateRegister(method: SipMethods.Invite), source);

        Assert.Equal(AuthStatus.Authenticated, result.Status);
        Assert.Equal("1004", result.Extension);
    }

    [Fact]
    public void RegisterFromATrustedAddressStillNeedsDigest()
    {
        var phone = _h.Phone("1001");

        var result = _h.Authenticator.Authenticate(phone.CreateRegister(), From("127.0.0.1"));

        Assert.Equal(AuthStatus.Challenged, result.Status);
        Assert.Equal(401, result.Response!.StatusCode);
    }

    [Fact]
    public void CredentialsForAnotherRealmAreAnsweredWithAFreshChallenge()
    {
        var phone = _h.Phone("1001");
        phone.Algorithm = "MD5";
        var foreign = new DigestChallenge { Realm = "other.example", Nonce = "abc", Algorithm = DigestAlgorithm.Md5 };
        phone.Accept(SipResponseWith(foreign));

        var result = _h.Authenticator.Authenticate(phone.CreateRegister(), phone.Source);

        Assert.Equal(AuthStatus.Challenged, result.Status);
        Assert.Contains("realm=\"hotline.local\"", result.Response!.Headers.Get(HeaderId.WwwAuthenticate), StringComparison.Ordinal);
    }

    [Fact]
    public void NonceNotIssuedByUsIsAnsweredWithAFreshChallenge()
    {
        var phone = _h.Phone("1001");
        phone.Algorithm = "MD5";
        phone.Accept(SipResponseWith(new DigestChallenge { Realm = "hotline.local", Nonce = "forged-nonce", Algorithm = DigestAlgorithm.Md5 }));

        var result = _h.Authenticator.Authenticate(phone.CreateRegister(), phone.Source);

        Assert.Equal(AuthStatus.Challenged, result.Status);
        Assert.DoesNotContain("stale", result.Response!.Headers.Get(HeaderId.WwwAuthenticate), StringComparison.Ordinal);
    }

    private static SipRemote From(string address) => new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse(address), 5060));

    private static SipRequest Invite() => (SipRequest)SipMessage.Parse(
        "INVITE sip:12345@hotline.local SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.1.20.30:5060;branch=z9hG4bKinv1\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:13800000000@carrier.example>;tag=c1\r\n" +
        "To: <sip:12345@hotline.local>\r\n" +
        "Call-ID: inv-1@carrier.example\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:13800000000@10.1.20.30:5060>\r\n" +
        "Content-Length: 0\r\n\r\n");

    private static SipResponse SipResponseWith(DigestChallenge challenge)
    {
        var response = new SipResponse(401);
        response.Headers.Add(HeaderId.WwwAuthenticate, challenge.ToHeaderValue());
        return response;
    }
}
