using System.Net;
using System.Net.Sockets;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>A carrier trunk or emergency gateway whose requests are accepted by source address, without digest.</summary>
public sealed record TrustedPeer(string Name, IPNetwork Network, TrustedPeerKind Kind)
{
    /// <summary>
    /// Builds a peer from "203.0.113.7", "10.1.0.0/16", "2001:db8::1" or "2001:db8::/32". A bare address is a
    /// single host. Throws <see cref="FormatException"/> naming the peer when the text is not an address or CIDR.
    /// </summary>
    public static TrustedPeer Create(string name, string addressOrCidr, TrustedPeerKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(addressOrCidr);
        var text = addressOrCidr.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (!IPNetwork.TryParse(text, out var network))
            {
                throw new FormatException($"Trusted peer '{name}': '{text}' is not a CIDR range such as 10.1.0.0/16.");
            }

            // IPNetwork quietly masks "10.1.2.3/16" to 10.1.0.0/16. Whoever wrote it may have meant one host, and
            // silently trusting 65 536 addresses instead is not a mistake to make for them.
            if (!network.BaseAddress.Equals(IPAddress.Parse(text.AsSpan(0, text.IndexOf('/')))))
            {
                throw new FormatException($"Trusted peer '{name}': '{text}' has bits set after the prefix; write {network} for the range or the bare address for one host.");
            }

            return new TrustedPeer(name, network, kind);
        }

        if (!IPAddress.TryParse(text.Trim('[', ']'), out var address))
        {
            throw new FormatException($"Trusted peer '{name}': '{text}' is not an IP address or CIDR range (host names are not accepted: trust must not depend on DNS).");
        }

        address = Normalise(address);
        return new TrustedPeer(name, new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128), kind);
    }

    public bool Contains(IPAddress address) => Network.Contains(Normalise(address));

    /// <summary>
    /// A dual-mode socket reports IPv4 senders as ::ffff:a.b.c.d; without unmapping, an IPv4 trunk would never
    /// match its configured range and every carrier INVITE would be challenged.
    /// </summary>
    internal static IPAddress Normalise(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
