using System.Net;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Tests.Messages;

public class SipUriTests
{
    [Theory]
    [InlineData("sip:alice@atlanta.example.com", "sip", "alice", "atlanta.example.com", null)]
    [InlineData("SIP:alice@Atlanta.Example.COM:5070", "sip", "alice", "Atlanta.Example.COM", 5070)]
    [InlineData("sips:bob@biloxi.example.com:5061", "sips", "bob", "biloxi.example.com", 5061)]
    [InlineData("sip:registrar.example.com", "sip", null, "registrar.example.com", null)]
    [InlineData("sip:+8613800000000@10.0.0.1:5060", "sip", "+8613800000000", "10.0.0.1", 5060)]
    public void SipAndSipsUrisSplitIntoSchemeUserHostAndPort(string text, string scheme, string? user, string host, int? port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(user, uri.User);
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.True(uri.IsSip);
        Assert.Equal(scheme == "sips", uri.IsSecure);
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void TelUriKeepsTheNumberAsUserAndItsParameters()
    {
        var uri = SipUri.Parse("tel:+1-201-555-0123;phone-context=example.com");
        Assert.Equal("tel", uri.Scheme);
        Assert.Equal("+1-201-555-0123", uri.User);
        Assert.Equal(string.Empty, uri.Host);
        Assert.Equal("example.com", uri.GetParameter("phone-context"));
        Assert.False(uri.IsSip);
        Assert.Equal("tel:+1-201-555-0123;phone-context=example.com", uri.WithoutParameter("x").ToString());
    }

    [Theory]
    [InlineData("sip:[2001:db8::9:1]:5060", "[2001:db8::9:1]", 5060)]
    [InlineData("sip:alice@[2001:db8::10]", "[2001:db8::10]", null)]
    [InlineData("sips:[2001:db8::9:1];transport=tls", "[2001:db8::9:1]", null)]
    [InlineData("sip:[::1]:5070", "[::1]", 5070)]
    [InlineData("sip:user@[2001:db8::9:255.255.255.255]:5060", "[2001:db8::9:255.255.255.255]", 5060)]

    // RFC 5118 §4.8: a port written inside the brackets is part of the address, not a port.
    [InlineData("sip:user@[2001:db8::10:5070]", "[2001:db8::10:5070]", null)]
    public void Ipv6ReferencesKeepTheirBracketsAndParsePortsOutsideThem(string text, string host, int? port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.Equal(IPAddress.Parse(host.Trim('[', ']')), uri.HostAddress);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("sip:user@[2001:db8::1")]
    [InlineData("sip:user@[2001:db8::1:5060")]
    [InlineData("sip:user@2001:db8::1]")]
    [InlineData("sip:user@[192.0.2.1]")]
    [InlineData("sip:user@[zz::1]")]
    [InlineData("sip:user@[]")]
    [InlineData("sip:[2001:db8::1]x")]
    public void MalformedIpv6ReferencesAreRejected(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Theory]
    [InlineData("sip:alice@example.com:65536")]
    [InlineData("sip:alice@example.com:")]
    [InlineData("sip:alice@example.com:-1")]
    [InlineData("sip:alice@example.com:5060x")]
    [InlineData("sip:alice@example.com:999999")]
    [InlineData("sip:alice@example.com:50:60")]
    [InlineData("sip:[::1]:")]
    public void InvalidPortsAreRejected(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Theory]
    [InlineData("sip:alice@example.com:0", 0)]
    [InlineData("sip:alice@example.com:65535", 65535)]
    [InlineData("sip:alice@example.com:05060", 5060)]
    public void PortsInRangeAreAccepted(string text, int port) => Assert.Equal(port, SipUri.Parse(text).Port);

    [Fact]
    public void EscapedUserPartIsKeptAsWrittenAndDecodedOnRequest()
    {
        var uri = SipUri.Parse("sip:%61lice%20smith@example.com");
        Assert.Equal("%61lice%20smith", uri.User);
        Assert.Equal("alice smith", uri.UnescapedUser);
        Assert.Equal("sip:%61lice%20smith@example.com", uri.ToString());
    }

    [Fact]
    public void EscapedAndUnescapedUserPartsCompareEqual()
    {
        // RFC 3261 §19.1.4: characters other than reserved ones are equivalent to their encoding.
        Assert.Equal(SipUri.Parse("sip:%61lice@example.com"), SipUri.Parse("sip:alice@example.com"));
    }

    [Fact]
    public void UserPartComparisonIsCaseSensitiveButHostAndSchemeAreNot()
    {
        Assert.Equal(SipUri.Parse("SIP:alice@EXAMPLE.com"), SipUri.Parse("sip:alice@example.com"));
        Assert.NotEqual(SipUri.Parse("sip:Alice@example.com"), SipUri.Parse("sip:alice@example.com"));
    }

    [Fact]
    public void ParameterOrderDoesNotAffectEquality()
    {
        var a = SipUri.Parse("sip:alice@example.com;transport=tcp;lr");
        var b = SipUri.Parse("sip:alice@example.com;lr;transport=TCP");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("sip:al%6@example.com")]
    [InlineData("sip:al%zzice@example.com")]
    [InlineData("sip:alice%@example.com")]
    public void BrokenEscapesInTheUserPartAreRejected(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Fact]
    public void ParametersAreReadCaseInsensitivelyAndValuelessOnesArePresent()
    {
        var uri = SipUri.Parse("sip:alice@example.com;Transport=TCP;lr;maddr=239.255.255.1;ttl=15");
        Assert.Equal("tcp", uri.Transport);
        Assert.True(uri.HasParameter("LR"));
        Assert.Equal(string.Empty, uri.GetParameter("lr"));
        Assert.Equal("239.255.255.1", uri.GetParameter("maddr"));
        Assert.Null(uri.GetParameter("user"));
        Assert.Equal(4, uri.Parameters.Count);
    }

    [Fact]
    public void HeadersPartIsSeparatedFromParametersAndCanBeDropped()
    {
        var uri = SipUri.Parse("sip:alice@example.com;transport=tcp?subject=project%20x&priority=urgent");
        Assert.Equal("tcp", uri.Transport);
        Assert.Equal("subject=project%20x&priority=urgent", uri.Headers);
        Assert.Equal("sip:alice@example.com;transport=tcp", uri.WithoutHeaders().ToString());
    }

    [Fact]
    public void PasswordIsSeparatedFromUser()
    {
        var uri = SipUri.Parse("sip:alice:secret@example.com");
        Assert.Equal("alice", uri.User);
        Assert.Equal("secret", uri.Password);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice@example.com")]
    [InlineData(":alice@example.com")]
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:alice@")]
    [InlineData("sip:alice@exa mple.com")]
    [InlineData("sip:alice@example.com;")]
    [InlineData("sip:alice@example.com;=x")]
    [InlineData("sip:alice@example.com>")]
    [InlineData("1sip:alice@example.com")]
    [InlineData("s!p:alice@example.com")]
    public void MalformedUrisAreRejected(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Theory]
    [InlineData("urn:service:sos", "urn")]
    [InlineData("http://www.example.com/alice", "http")]
    [InlineData("soap.beep://192.0.2.103:3002", "soap.beep")]
    public void OtherSchemesAreKeptAsOpaqueText(string text, string scheme)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal(scheme, uri.Scheme);
        Assert.False(uri.IsSip);
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void DerivedUrisAreFormattedFromTheirParts()
    {
        var uri = SipUri.Parse("sip:alice@example.com;transport=udp")
            .WithParameter("transport", "tcp")
            .WithParameter("lr", null)
            .WithHost("[2001:db8::1]", 5062);
        Assert.Equal("sip:alice@[2001:db8::1]:5062;transport=tcp;lr", uri.ToString());
        Assert.Equal("[2001:db8::1]:5062", uri.HostAndPort);
    }
}
