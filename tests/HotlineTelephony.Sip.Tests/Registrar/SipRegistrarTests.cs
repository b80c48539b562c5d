using System.Net;
using System.Text.RegularExpressions;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Registrar;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Registrar;

public sealed partial class SipRegistrarTests
{
    private readonly RegistrarHarness _h = new();

    [Fact]
    public void RegisterWithoutCredentialsIsChallengedWithSha256ThenMd5()
    {
        var phone = _h.Phone("1001");

        var response = _h.Send(phone, phone.CreateRegister());

        Assert.Equal(401, response.StatusCode);
        var challenges = response.Headers.GetValues(HeaderId.WwwAuthenticate);
        Assert.Equal(2, challenges.Count);
        Assert.Matches("""^Digest realm="hotline\.local", nonce="[^"]+", opaque="[0-9a-f]+", algorithm=SHA-256, qop="auth"$""", challenges[0]);
        Assert.Matches("""^Digest realm="hotline\.local", nonce="[^"]+", opaque="[0-9a-f]+", algorithm=MD5, qop="auth"$""", challenges[1]);
        Assert.Matches(@"\r\nTo: <sip:1001@hotline\.local>;tag=[0-9a-f]+\r\n", response.ToString());
        Assert.Empty(_h.Bindings("1001"));
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    public void RightPasswordBindsTheContactAndListsItWithExpiresAndDate(string algorithm)
    {
        var phone = _h.Phone("1001");
        phone.Algorithm = algorithm;

        var response = _h.Register(phone);

        Assert.Equal(200, response.StatusCode);
        var wire = response.ToString();
        Assert.StartsWith("SIP/2.0 200 OK\r\n", wire, StringComparison.Ordinal);
        Assert.Contains("\r\nContact: <sip:1001@192.168.1.10:5060>;expires=3600\r\n", wire, StringComparison.Ordinal);
        Assert.Contains("\r\nDate: Sun, 01 Mar 2026 12:00:00 GMT\r\n", wire, StringComparison.Ordinal);
        Assert.Single(_h.Bindings("1001"));
    }

    [Fact]
    public void WrongPasswordIsForbidden()
    {
        var phone = _h.Phone("1001", password: "not-it");

        var response = _h.Register(phone);

        Assert.Equal(403, response.StatusCode);
        Assert.Equal("Forbidden", response.ReasonPhrase);
        Assert.Empty(_h.Bindings("1001"));
    }

    [Fact]
    public void UnknownUserGetsExactlyTheAnswerOfAWrongPassword()
    {
        var wrongPassword = _h.Phone("1001", password: "guess");
        var unknownUser = _h.Phone("9999", password: "guess");
        unknownUser.CallId = wrongPassword.CallId;

        var forWrongPassword = _h.Register(wrongPassword).ToString();
        var forUnknownUser = _h.Register(unknownUser).ToString();

        // Only what the request itself carried (its extension, Via branch) and the random To tag may differ.
        Assert.Equal(Normalise(forWrongPassword, "1001"), Normalise(forUnknownUser, "9999"));
        Assert.StartsWith("SIP/2.0 403 Forbidden\r\n", forUnknownUser, StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsOfOneExtensionCannotRegisterAnother()
    {
        var phone = _h.Phone("1002", password: "pw-1001");
        phone.Username = "1001";

        var response = _h.Register(phone);

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(_h.Bindings("1002"));
    }

    [Fact]
    public void StaleNonceIsChallengedAgainWithStaleTrue()
    {
        var phone = _h.Phone("1001");
        phone.Accept(_h.Send(phone, phone.CreateRegister()));
        _h.Time.Advance(_h.Settings.NonceLifetime + TimeSpan.FromSeconds(1));

        var response = _h.Send(phone, phone.CreateRegister());

        Assert.Equal(401, response.StatusCode);
        var challenges = response.Headers.GetValues(HeaderId.WwwAuthenticate);
        Assert.Equal(2, challenges.Count);
        Assert.All(challenges, c => Assert.EndsWith(", stale=true", c, StringComparison.Ordinal));

        phone.Accept(response);
        Assert.Equal(200, _h.Send(phone, phone.CreateRegister()).StatusCode);
    }

    [Fact]
    public void ReplayedNonceCountIsChallengedAgainInsteadOfAccepted()
    {
        var phone = _h.Phone("1001");
        Assert.Equal(200, _h.Register(phone).StatusCode);
        phone.RepeatNonceCount();

        var response = _h.Send(phone, phone.CreateRegister());

        Assert.Equal(401, response.StatusCode);
        Assert.Contains("stale=true", response.Headers.Get(HeaderId.WwwAuthenticate), StringComparison.Ordinal);
    }

    [Fact]
    public void ReusedNonceWithHigherNonceCountRefreshesWithoutAChallenge()
    {
        var phone = _h.Phone("1001");
        Assert.Equal(200, _h.Register(phone).StatusCode);

        Assert.Equal(200, _h.Send(phone, phone.CreateRegister()).StatusCode);
    }

    [Fact]
    public void TwoPhonesOfOneExtensionAreBothBoundAndBothListed()
    {
        var desk = _h.Phone("1003", privateHost: "192.168.1.10");
        var laptop = _h.Phone("1003", privateHost: "192.168.1.11", publicPort: 40001);
        Assert.Equal(200, _h.Register(desk).StatusCode);
        _h.Time.Advance(TimeSpan.FromSeconds(100));

        var response = _h.Register(laptop);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(
            ["<sip:1003@192.168.1.10:5060>;expires=3500", "<sip:1003@192.168.1.11:5060>;expires=3600"],
            response.Headers.GetValues(HeaderId.Contact));
        Assert.Equal(2, _h.Bindings("1003").Count);
    }

    [Fact]
    public void ExpiresZeroRemovesOnlyThatContact()
    {
        var desk = _h.Phone("1003", privateHost: "192.168.1.10");
        var laptop = _h.Phone("1003", privateHost: "192.168.1.11", publicPort: 40001);
        _h.Register(desk);
        _h.Register(laptop);

        var response = _h.Send(laptop, laptop.CreateRegister([laptop.DefaultContact + ";expires=0"]));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["<sip:1003@192.168.1.10:5060>;expires=3600"], response.Headers.GetValues(HeaderId.Contact));
        Assert.Equal("192.168.1.10", Assert.Single(_h.Bindings("1003")).Uri.Host);
    }

    [Fact]
    public void WildcardWithExpiresZeroRemovesEveryContact()
    {
        var desk = _h.Phone("1003", privateHost: "192.168.1.10");
        var laptop = _h.Phone("1003", privateHost: "192.168.1.11", publicPort: 40001);
        _h.Register(desk);
        _h.Register(laptop);

        var response = _h.Send(desk, desk.CreateRegister(["*"], expires: "0"));

        Assert.Equal(200, response.StatusCode);
        Assert.False(response.Headers.Contains(HeaderId.Contact));
        Assert.Empty(_h.Bindings("1003"));
    }

    [Theory]
    [InlineData(new[] { "*" }, null)]
    [InlineData(new[] { "*" }, "60")]
    [InlineData(new[] { "*", "<sip:1001@192.168.1.10:5060>" }, "0")]
    public void WildcardNeedsExpiresZeroAndNoOtherContact(string[] contacts, string? expires)
    {
        var phone = _h.Phone("1001");
        _h.Register(phone);

        var response = _h.Send(phone, phone.CreateRegister(contacts, expires));

        Assert.Equal(400, response.StatusCode);
        Assert.Single(_h.Bindings("1001"));
    }

    [Fact]
    public void ExpiresBelowTheMinimumIsRefusedWith423AndMinExpires()
    {
        var phone = _h.Phone("1001");

        var response = _h.Register(phone, expires: "30");

        Assert.Equal(423, response.StatusCode);
        Assert.Contains("\r\nMin-Expires: 60\r\n", response.ToString(), StringComparison.Ordinal);
        Assert.Empty(_h.Bindings("1001"));
    }

    [Fact]
    public void ContactExpiresParameterWinsOverTheHeaderAndTooLongIsCutToTheMaximum()
    {
        var phone = _h.Phone("1001");

        var response = _h.Register(phone, [phone.DefaultContact + ";expires=86400"], expires: "30");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["<sip:1001@192.168.1.10:5060>;expires=7200"], response.Headers.GetValues(HeaderId.Contact));
    }

    [Fact]
    public async Task BindingLapsesWhenTimePassesAndIsPurged()
    {
        var phone = _h.Phone("1001");
        _h.Register(phone, expires: "120");

        _h.Time.Advance(TimeSpan.FromSeconds(119));
        Assert.Single(_h.Bindings("1001"));
        Assert.Equal(0, await _h.Store.PurgeExpiredAsync(_h.Time.GetUtcNow()));

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_h.Bindings("1001"));
        Assert.Equal(1, await _h.Store.PurgeExpiredAsync(_h.Time.GetUtcNow()));
        Assert.Empty(await _h.Store.GetAllAsync());
    }

    [Fact]
    public void SameCallIdWithAnOlderCSeqIsRefusedAsOutOfOrder()
    {
        var phone = _h.Phone("1001");
        Assert.Equal(200, _h.Register(phone).StatusCode);
        phone.CSeq -= 2;

        var response = _h.Send(phone, phone.CreateRegister(expires: "0"));

        Assert.StartsWith("SIP/2.0 500 Out of order\r\n", response.ToString(), StringComparison.Ordinal);
        Assert.Single(_h.Bindings("1001"));
    }

    [Fact]
    public void RegisterWithoutContactListsTheCurrentBindings()
    {
        var phone = _h.Phone("1001");
        _h.Register(phone);
        _h.Time.Advance(TimeSpan.FromSeconds(10));

        var response = _h.Send(phone, phone.CreateRegister(contacts: []));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["<sip:1001@192.168.1.10:5060>;expires=3590"], response.Headers.GetValues(HeaderId.Contact));
        Assert.Equal("Sun, 01 Mar 2026 12:00:10 GMT", response.Headers.Get(HeaderId.Date));
    }

    [Fact]
    public void BindingRemembersTheNatSourceItCameFromNotTheContactHost()
    {
        var phone = _h.Phone("1001");

        _h.Register(phone);

        var binding = Assert.Single(_h.Bindings("1001"));
        Assert.Equal(new SipRemote(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("203.0.113.50"), 40000)), binding.Flow);
        Assert.Equal("192.168.1.10", binding.Uri.Host);
        Assert.True(binding.IsBehindNat);
        Assert.Equal("FakePhone/1.0", binding.UserAgent);
    }

    [Fact]
    public void PhoneThatComesBackFromANewPortWithTheSameInstanceReplacesItsOldBinding()
    {
        const string Instance = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"";
        var phone = _h.Phone("1001");
        _h.Register(phone, [$"<sip:1001@192.168.1.10:5060>;{Instance}"]);
        var rebooted = _h.Phone("1001", publicPort: 40999);

        _h.Register(rebooted, [$"<sip:1001@192.168.1.10:5062>;{Instance}"]);

        var binding = Assert.Single(_h.Bindings("1001"));
        Assert.Equal(40999, binding.Flow.EndPoint.Port);
        Assert.Equal("\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"", binding.InstanceId);
    }

    [Fact]
    public void RequiredExtensionIsRefusedWith420()
    {
        var phone = _h.Phone("1001");

        var response = _h.Send(phone, phone.CreateRegister(extraHeaders: ["Require: path"]));

        Assert.Equal(420, response.StatusCode);
        Assert.Equal("path", response.Headers.Get(HeaderId.Unsupported));
    }

    private static string Normalise(string wire, string extension) =>
        TagOrBranch().Replace(wire.Replace(extension, "EXT", StringComparison.Ordinal), "$1=X");

    [GeneratedRegex("(tag|branch)=[^;>\\r\\n]+")]
    private static partial Regex TagOrBranch();
}
