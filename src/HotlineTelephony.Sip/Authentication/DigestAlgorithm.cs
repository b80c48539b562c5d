using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>A digest hash algorithm as named in the <c>algorithm</c> parameter (RFC 7616 §3.3, RFC 8760).</summary>
public sealed class DigestAlgorithm
{
    private DigestAlgorithm(string name, int hashSize)
    {
        Name = name;
        HashSize = hashSize;
    }

    /// <summary>"MD5": the RFC 2617 default, still what most SIP devices speak.</summary>
    public static DigestAlgorithm Md5 { get; } = new("MD5", MD5.HashSizeInBytes);

    /// <summary>"SHA-256": preferred, offered first (RFC 8760).</summary>
    public static DigestAlgorithm Sha256 { get; } = new("SHA-256", SHA256.HashSizeInBytes);

    /// <summary>The token used on the wire.</summary>
    public string Name { get; }

    internal int HashSize { get; }

    /// <summary>Finds a supported algorithm by its wire name, ignoring case; the -sess variants are not supported.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, [NotNullWhen(true)] out DigestAlgorithm? algorithm)
    {
        if (name.Equals(Sha256.Name, StringComparison.OrdinalIgnoreCase))
        {
            algorithm = Sha256;
            return true;
        }

        if (name.Equals(Md5.Name, StringComparison.OrdinalIgnoreCase))
        {
            algorithm = Md5;
            return true;
        }

        algorithm = null;
        return false;
    }

    public override string ToString() => Name;

    internal void Hash(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (ReferenceEquals(this, Sha256))
        {
            SHA256.HashData(source, destination);
        }
        else
        {
            MD5.HashData(source, destination);
        }
    }
}
