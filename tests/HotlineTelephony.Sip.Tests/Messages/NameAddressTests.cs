using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Tests.Messages;

public class NameAddressTests
{
    [Fact]
    public void QuotedDisplayNameHasEscapedQuotesAndBackslashesRemoved()
    {
        var na = NameAddress.Parse("\"Agent \\\"Smith\\\" \\\\ Co\" <sip:smith@example.com>;tag=1");
        Assert.Equal("Agent \"Smith\" \\ Co", na.DisplayName);
        Assert.Equal("1", na.Tag);
    }

    [Fact]
    public void DisplayNameIsEscapedAgainWhenWritten()
    {
        var na = NameAddress.Parse("\"Agent \\\"Smith\\\" \\\\ Co\" <sip:smith@example.com>;tag=1");
        Assert.Equal("\"Agent \\\"Smith\\\" \\\\ Co\" <sip:smith@example.com>;tag=1", na.ToString());
        Assert.Equal(na.DisplayName, NameAddress.Parse(na.ToString()).DisplayName);
    }

    [Fact]
    public void ControlCharactersInADisplayNameAreWrittenAsQuotedPairs()
    {
        var na = new NameAddress(SipUri.Parse("sip:a@example.com"), "bell\u0007 nul\0");
        Assert.Equal("\"bell\\\u0007 nul\\\0\" <sip:a@example.com>", na.ToString());
        Assert.Equal(na.DisplayName, NameAddress.Parse(na.ToString()).DisplayName);
    }

    [Theory]
    [InlineData("Bob<sip:bob@example.com>", "Bob")]
    [InlineData("\"Bob\"<sip:bob@example.com>", "Bob")]
    [InlineData("John Q. Public <sip:jqp@example.com>", "John Q. Public")]
    [InlineData("\"Zhang, San\" <sip:zs@example.com>", "Zhang, San")]
    [InlineData("\"a <b> c\" <sip:abc@example.com>", "a <b> c")]
    [InlineData("\"\" <sip:anon@example.com>", "")]
    [InlineData("<sip:nobody@example.com>", null)]
    public void DisplayNamesAreReadWithOrWithoutLwsBeforeTheAngle(string text, string? display)
    {
        Assert.True(NameAddress.TryParse(text, out var na));
        Assert.Equal(display, na.DisplayName);
        Assert.True(na.Uri.IsSip);
    }

    [Fact]
    public void AddrSpecParametersBelongToTheHeaderNotTheUri()
    {
        // RFC 3261 §20.10: without <>, everything after the URI's first ';' is a header parameter.
        var na = NameAddress.Parse("sip:bob@example.com;tag=abc;user=phone");
        Assert.Empty(na.Uri.Parameters);
        Assert.Equal("abc", na.Tag);
        Assert.Equal("phone", na.GetParameter("user"));
        Assert.Equal("<sip:bob@example.com>;tag=abc;user=phone", na.ToString());
    }

    [Fact]
    public void ParametersInsideTheAnglesBelongToTheUri()
    {
        var na = NameAddress.Parse("<sip:bob@example.com;user=phone;lr>;tag=x;expires=60");
        Assert.Equal("phone", na.Uri.GetParameter("user"));
        Assert.True(na.Uri.HasParameter("lr"));
        Assert.Equal("x", na.Tag);
        Assert.Equal("60", na.GetParameter("expires"));
        Assert.Null(na.GetParameter("user"));
    }

    [Fact]
    public void QuotedHeaderParameterValuesKeepTheirSpecials()
    {
        var na = NameAddress.Parse("<sip:agent@10.0.0.5;transport=tcp>;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\";reg-id=1");
        Assert.Equal("\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"", na.GetParameter("+sip.instance"));
        Assert.Equal("1", na.GetParameter("reg-id"));
    }

    [Theory]
    [InlineData("<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>", "urn")]
    [InlineData("\"Web\" <http://example.com/alice>;tag=9", "http")]
    [InlineData("<tel:+8613800000000>", "tel")]
    [InlineData("isbn:2983792873", "isbn")]
    public void UnknownSchemesParseInNameAddr(string text, string scheme)
    {
        Assert.True(NameAddress.TryParse(text, out var na));
        Assert.Equal(scheme, na.Uri.Scheme);
    }

    [Theory]
    [InlineData("\"Mr J. User <sip:j.user@example.com>")]
    [InlineData("\"Bob\" <sip:bob@example.com")]
    [InlineData("Bell, Alexander <sip:a.g.bell@example.com>")]
    [InlineData("<sip:bob@example.com> trailing")]
    [InlineData("< sip:bob@example.com >")]
    [InlineData("sip:bob@example.com?Route=%3Csip:x%3E")]
    [InlineData("<sip:bob@example.com>;")]
    [InlineData("<sip:bob@example.com>;tag=\"open")]
    [InlineData("\"bob\\\" <sip:bob@example.com>")]
    [InlineData("")]
    [InlineData("   ")]
    public void MalformedNameAddrsAreRejected(string text) => Assert.False(NameAddress.TryParse(text, out _));

    [Fact]
    public void TagCanBeAddedWithoutTouchingOtherParts()
    {
        var na = NameAddress.Parse("\"Bob\" <sip:bob@example.com;transport=tcp>;x=1").WithTag("as83kd");
        Assert.Equal("\"Bob\" <sip:bob@example.com;transport=tcp>;x=1;tag=as83kd", na.ToString());
    }
}
