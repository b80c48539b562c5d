using System.Buffers;
using System.Text;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>The RFC 7616 §3.4.1 response computation, shared by the verifier and the responder.</summary>
internal static class DigestHash
{
    /// <summary>Writes the binary response digest to <paramref name="destination"/> (HashSize bytes).</summary>
    public static void ComputeResponse(
        DigestAlgorithm algorithm,
        string username,
        string realm,
        string password,
        string method,
        string uri,
        string nonce,
        string? nonceCount,
        string? clientNonce,
        string? qop,
        Span<byte> destination)
    {
        var ha1 = HashHex(algorithm, [username, realm, password]);
        var ha2 = HashHex(algorithm, [method, uri]);
        if (string.IsNullOrEmpty(qop))
        {
            // RFC 2069 compatibility, no client nonce: response = H(HA1:nonce:HA2).
            Hash(algorithm, [ha1, nonce, ha2], destination);
        }
        else
        {
            Hash(algorithm, [ha1, nonce, nonceCount ?? string.Empty, clientNonce ?? string.Empty, qop, ha2], destination);
        }
    }

    private static string HashHex(DigestAlgorithm algorithm, ReadOnlySpan<string> parts)
    {
        Span<byte> digest = stackalloc byte[algorithm.HashSize];
        Hash(algorithm, parts, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>H(parts joined by ':'), over their UTF-8 bytes.</summary>
    private static void Hash(DigestAlgorithm algorithm, ReadOnlySpan<string> parts, Span<byte> destination)
    {
        var length = parts.Length - 1;
        foreach (var part in parts)
        {
            length += Encoding.UTF8.GetByteCount(part);
        }

        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    buffer[written++] = (byte)':';
                }

                written += Encoding.UTF8.GetBytes(parts[i], buffer[written..]);
            }

            algorithm.Hash(buffer[..written], destination);
        }
        finally
        {
            // The buffer held the password.
            buffer[..length].Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
