using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>Checks Digest credentials on a request (RFC 3261 §22.4, RFC 7616 §3.4) against nonces from a <see cref="NonceService"/>.</summary>
public sealed class DigestVerifier
{
    private readonly NonceService _nonces;

    // Verified in place of the real password when the user does not exist, so that an unknown user costs the
    // same hashing and gets the same answer as a wrong password.
    private readonly string _dummyPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    public DigestVerifier(NonceService nonces)
    {
        ArgumentNullException.ThrowIfNull(nonces);
        _nonces = nonces;
    }

    /// <summary>
    /// Verifies <paramref name="credentials"/> for a request with <paramref name="method"/>. Pass null as
    /// <paramref name="password"/> when the user does not exist: the same work is done and the result is
    /// <see cref="DigestResult.Failed"/>, exactly as for a wrong password. Checking the digest-uri against the
    /// Request-URI is left to the caller.
    /// </summary>
    public DigestResult Verify(DigestCredentials credentials, string method, string? password, string realm)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(realm);

        if (!string.Equals(credentials.Realm, realm, StringComparison.Ordinal)
            || !TryResolveAlgorithm(credentials.Algorithm, out var algorithm))
        {
            return DigestResult.Malformed;
        }

        var qop = credentials.Qop;
        if (qop is not null)
        {
            // Only qop=auth is offered; auth-int would need the body hash and nobody in SIP uses it.
            if (!string.Equals(qop, "auth", StringComparison.OrdinalIgnoreCase)
                || string.IsNullOrEmpty(credentials.ClientNonce)
                || !IsNonceCount(credentials.NonceCount))
            {
                return DigestResult.Malformed;
            }
        }

        var nonceStatus = _nonces.Validate(credentials.Nonce, realm);
        if (nonceStatus == NonceStatus.Invalid)
        {
            return DigestResult.InvalidNonce;
        }

        Span<byte> expected = stackalloc byte[algorithm.HashSize];
        DigestHash.ComputeResponse(
            algorithm,
            credentials.Username,
            realm,
            password ?? _dummyPassword,
            method,
            credentials.Uri,
            credentials.Nonce,
            credentials.NonceCount,
            credentials.ClientNonce,
            qop,
            expected);

        Span<byte> received = stackalloc byte[algorithm.HashSize];
        var decoded = credentials.Response.Length == received.Length * 2
            && Convert.FromHexString(credentials.Response, received, out _, out var written) == OperationStatus.Done
            && written == received.Length;

        // Non-short-circuiting '&' so a missing user takes the same path as a wrong password.
        var match = CryptographicOperations.FixedTimeEquals(expected, received) & decoded & (password is not null);
        if (!match)
        {
            return DigestResult.Failed;
        }

        return nonceStatus == NonceStatus.Stale ? DigestResult.Stale : DigestResult.Ok;
    }

    private static bool TryResolveAlgorithm(string? name, [NotNullWhen(true)] out DigestAlgorithm? algorithm)
    {
        if (name is null)
        {
            // RFC 7616 §3.3: no algorithm parameter means MD5.
            algorithm = DigestAlgorithm.Md5;
            return true;
        }

        return DigestAlgorithm.TryParse(name, out algorithm);
    }

    private static bool IsNonceCount(string? nonceCount)
    {
        if (nonceCount is null || nonceCount.Length != 8)
        {
            return false;
        }

        foreach (var c in nonceCount)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
