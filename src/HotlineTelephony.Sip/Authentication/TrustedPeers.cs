using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>The set of peers trusted by source address. Immutable; build a new one when configuration changes.</summary>
public sealed class TrustedPeers
{
    private readonly TrustedPeer[] _peers;

    public TrustedPeers(IEnumerable<TrustedPeer> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        _peers = [.. peers];
    }

    public static TrustedPeers None { get; } = new([]);

    public IReadOnlyList<TrustedPeer> Peers => _peers;

    /// <summary>Finds the first configured peer whose range holds <paramref name="address"/>; configuration order decides overlaps.</summary>
    public bool TryMatch(IPAddress address, [NotNullWhen(true)] out TrustedPeer? peer)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var candidate in _peers)
        {
            if (candidate.Contains(address))
            {
                peer = candidate;
                return true;
            }
        }

        peer = null;
        return false;
    }
}
