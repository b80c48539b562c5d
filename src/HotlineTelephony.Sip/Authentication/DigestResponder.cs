using System.Globalization;
using System.Security.Cryptography;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>Answers a Digest challenge, for when a trunk challenges us (and for tests).</summary>
public static class DigestResponder
{
    /// <summary>
    /// Builds the credentials for an Authorization or Proxy-Authorization header. Uses qop=auth when the
    /// challenge offers it and the RFC 2069 form when it offers no qop.
    /// </summary>
    /// <param name="nonceCount">How many requests this client has sent with this nonce, starting at 1.</param>
    /// <exception cref="NotSupportedException">The challenge offers qop but not "auth".</exception>
    public static DigestCredentials CreateAuthorization(
        DigestChallenge challenge,
        string method,
        string uri,
        string username,
        string password,
        string clientNonce,
        uint nonceCount)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(clientNonce);

        string? qop = null;
        string? nc = null;
        string? cnonce = null;
        if (challenge.Qop is not null)
        {
            if (!OffersAuth(challenge.Qop))
            {
                throw new NotSupportedException($"The Digest challenge offers qop=\"{challenge.Qop}\"; only \"auth\" is supported.");
            }

            qop = "auth";
            nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
            cnonce = clientNonce;
        }

        Span<byte> response = stackalloc byte[challenge.Algorithm.HashSize];
        DigestHash.ComputeResponse(challenge.Algorithm, username, challenge.Realm, password, method, uri, challenge.Nonce, nc, cnonce, qop, response);
        return new DigestCredentials
        {
            Username = username,
            Realm = challenge.Realm,
            Nonce = challenge.Nonce,
            Uri = uri,
            Response = Convert.ToHexStringLower(response),
            Algorithm = challenge.Algorithm.Name,
            ClientNonce = cnonce,
            NonceCount = nc,
            Qop = qop,
            Opaque = challenge.Opaque,
        };
    }

    /// <summary>A random client nonce.</summary>
    public static string CreateClientNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static bool OffersAuth(string qopOptions)
    {
        foreach (var range in qopOptions.AsSpan().Split(','))
        {
            if (qopOptions.AsSpan()[range].Trim().Equals("auth", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
