using System.Text;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Tests.Messages;

public class ViaHeaderTests
{
    [Theory]
    [InlineData("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1")]
    [InlineData("SIP / 2.0 / UDP 10.0.0.1:5060;branch=z9hG4bK1")]
    [InlineData("SIP/ 2.0 /UDP   10.0.0.1:5060 ;branch=z9hG4bK1")]
    [InlineData("sip/2.0/udp 10.0.0.1:5060;branch=z9hG4bK1")]
    public void LwsAroundSlashesAndCaseDoNotMatter(string text)
    {
        Assert.True(ViaHeader.TryParse(text, out var via));
        Assert.Equal("UDP", via.Transport);
        Assert.Equal("10.0.0.1", via.Host);
        Assert.Equal(5060, via.Port);
        Assert.Equal("z9hG4bK1", via.Branch);
        Assert.Equal("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1", via.ToString());
    }

    [Fact]
    public void Ipv6SentByKeepsBracketsAndPort()
    {
        Assert.True(ViaHeader.TryParse("SIP/2.0/TCP [2001:db8::9:1]:5061;branch=z9hG4bKx;received=[2001:db8::9:255]", out var via));
        Assert.Equal("TCP", via.Transport);
        Assert.Equal("[2001:db8::9:1]", via.Host);
        Assert.Equal(5061, via.Port);
        Assert.Equal("[2001:db8::9:255]", via.Received);
    }

    [Fact]
    public void EmptyRportAsksForRportWithoutAValue()
    {
        Assert.True(ViaHeader.TryParse("SIP/2.0/UDP 192.168.1.10:5060;rport;branch=z9hG4bKa", out var via));
        Assert.True(via.HasRPort);
        Assert.Null(via.RPort);
    }

    [Fact]
    public void ValuedRportAndReceivedAreRead()
    {
        Assert.True(ViaHeader.TryParse("SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bKa;received=203.0.113.9;rport=41234", out var via));
        Assert.True(via.HasRPort);
        Assert.Equal(41234, via.RPort);
        Assert.Equal("203.0.113.9", via.Received);
    }

    [Fact]
    public void ServerFillsInReceivedAndRport()
    {
        Assert.True(ViaHeader.TryParse("SIP/2.0/UDP 192.168.1.10:5060;rport;branch=z9hG4bKa", out var via));
        var filled = via.WithParameter("received", "203.0.113.9").WithParameter("rport", "41234");
        Assert.Equal("SIP/2.0/UDP 192.168.1.10:5060;rport=41234;branch=z9hG4bKa;received=203.0.113.9", filled.ToString());
    }

    [Fact]
    public void BranchWithTheMagicCookieMarksAnRfc3261Transaction()
    {
        Assert.True(ViaHeader.TryParse("SIP/2.0/UDP a.example.com;branch=z9hG4bK74bf9", out var modern));
        Assert.True(ViaHeader.TryParse("SIP/2.0/UDP a.example.com;branch=74bf9", out var old));
        Assert.True(modern.IsRfc3261Branch);
        Assert.False(old.IsRfc3261Branch);
    }

    [Fact]
    public void CommaJoinedAndRepeatedViasAreReadInOrder()
    {
        var msg = SipMessage.Parse(
            "SIP/2.0 180 Ringing\r\n" +
            "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1 , SIP / 2.0 / TCP [2001:db8::2]:5061;branch=z9hG4bK2\r\n" +
            "v: SIP/2.0/TLS c.example.com;branch=z9hG4bK3;rport=5062\r\n" +
            "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        var vias = msg.Vias;
        Assert.Equal(["z9hG4bK1", "z9hG4bK2", "z9hG4bK3"], vias.Select(v => v.Branch));
        Assert.Equal(["UDP", "TCP", "TLS"], vias.Select(v => v.Transport));
        Assert.Equal("z9hG4bK1", msg.TopVia!.Branch);
        Assert.Equal(5062, vias[2].RPort);
    }

    [Fact]
    public void RemovingTheTopViaLeavesTheRestOfACommaJoinedLine()
    {
        var msg = SipMessage.Parse(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\nVia: SIP/2.0/UDP c;branch=z9hG4bK3\r\n" +
            "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: x\r\nCSeq: 1 BYE\r\n\r\n");
        msg.Headers.RemoveFirstValue(HeaderId.Via);
        Assert.Equal("z9hG4bK2", msg.TopVia!.Branch);
        Assert.Contains("Via: SIP/2.0/UDP b;branch=z9hG4bK2\r\nVia: SIP/2.0/UDP c;branch=z9hG4bK3\r\n", Encoding.UTF8.GetString(msg.ToBytes()));
    }

    [Theory]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0/UDP ")]
    [InlineData("SIP/3.0/UDP host")]
    [InlineData("SIP/2.0 host")]
    [InlineData("SIP/2.0/UDPhost")]
    [InlineData("SIP/2.0/UDP host:99999")]
    [InlineData("SIP/2.0/UDP [2001:db8::1;branch=z9hG4bK1")]
    [InlineData("SIP/2.0/UDP host;ttl=256")]
    [InlineData("SIP/2.0/UDP host;;branch=z9hG4bK1")]
    [InlineData("SIP/2.0/UDP host junk")]
    public void MalformedViasAreRejected(string text) => Assert.False(ViaHeader.TryParse(text, out _));
}
