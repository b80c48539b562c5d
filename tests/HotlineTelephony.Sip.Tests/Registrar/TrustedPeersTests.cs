using System.Net;
using HotlineTelephony.Sip.Authentication;

namespace HotlineTelephony.Sip.Tests.Registrar;

public sealed class TrustedPeersTests
{
    [Theory]
    [InlineData("10.1.0.0/16", "10.1.0.1", true)]
    [InlineData("10.1.0.0/16", "10.1.255.254", true)]
    [InlineData("10.1.0.0/16", "10.2.0.1", false)]
    [InlineData("10.1.0.0/16", "::ffff:10.1.2.3", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("127.0.0.1", "::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::/32", "10.1.0.1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("[2001:db8::7]", "2001:db8::7", true)]
    public void SourceMatchesAPeerOnlyInsideItsRange(string configured, string source, bool expected)
    {
        var peers = new TrustedPeers([TrustedPeer.Create("trunk", configured, TrustedPeerKind.Carrier)]);

        Assert.Equal(expected, peers.TryMatch(IPAddress.Parse(source), out var peer));
        Assert.Equal(expected, peer is not null);
    }

    [Fact]
    public void FirstConfiguredPeerWinsWhenRangesOverlap()
    {
        var peers = new TrustedPeers(
        [
            TrustedPeer.Create("emergency", "10.1.9.0/24", TrustedPeerKind.Emergency),
            TrustedPeer.Create("carrier", "10.1.0.0/16", TrustedPeerKind.Carrier),
        ]);

        Assert.True(peers.TryMatch(IPAddress.Parse("10.1.9.1"), out var peer));
        Assert.Equal(TrustedPeerKind.Emergency, peer.Kind);
    }

    [Theory]
    [InlineData("10.1.2.3/16")]
    [InlineData("carrier.example")]
    [InlineData("10.1.0.0/33")]
    public void RangeThatIsNotAnAddressOrCanonicalCidrIsRejectedNamingThePeer(string text)
    {
        var error = Assert.Throws<FormatException>(() => TrustedPeer.Create("Carrier A", text, TrustedPeerKind.Carrier));

        Assert.Contains("Carrier A", error.Message, StringComparison.Ordinal);
    }
}
