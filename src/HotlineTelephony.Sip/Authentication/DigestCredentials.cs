using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>
/// The value of an Authorization or Proxy-Authorization header with the Digest scheme (RFC 3261 §22.4,
/// RFC 7616 §3.4). Only <c>userhash=false</c> is supported.
/// </summary>
/// <remarks>
/// Deliberately no ToString override: the response is enough for an offline dictionary attack on the password,
/// so it must not end up in logs by accident.
/// </remarks>
public sealed class DigestCredentials
{
    public required string Username { get; init; }

    public required string Realm { get; init; }

    public required string Nonce { get; init; }

    /// <summary>The digest-uri, which the caller should check against the Request-URI.</summary>
    public required string Uri { get; init; }

    /// <summary>The request digest as lowercase hex.</summary>
    public required string Response { get; init; }

    /// <summary>The algorithm token as sent; absent means MD5.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The cnonce parameter.</summary>
    public string? ClientNonce { get; init; }

    /// <summary>The nc parameter: eight hex digits.</summary>
    public string? NonceCount { get; init; }

    public string? Qop { get; init; }

    public string? Opaque { get; init; }

    /// <summary>
    /// Parses a header value such as <c>Digest username="alice", realm="example.com", ...</c>. Fails on bad syntax,
    /// a repeated parameter, a missing username/realm/nonce/uri/response, or <c>userhash=true</c>; unknown
    /// parameters are ignored.
    /// </summary>
    public static bool TryParse(string? headerValue, [NotNullWhen(true)] out DigestCredentials? credentials)
    {
        credentials = null;
        if (headerValue is null || !DigestSyntax.TryStart(headerValue, out var reader))
        {
            return false;
        }

        string? username = null, realm = null, nonce = null, uri = null, response = null;
        string? algorithm = null, clientNonce = null, nonceCount = null, qop = null, opaque = null;
        var ok = true;
        while (ok && reader.MoveNext())
        {
            var name = reader.Name;
            if (name.Equals("username", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref username, ref reader);
            }
            else if (name.Equals("realm", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref realm, ref reader);
            }
            else if (name.Equals("nonce", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref nonce, ref reader);
            }
            else if (name.Equals("uri", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref uri, ref reader);
            }
            else if (name.Equals("response", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref response, ref reader);
            }
            else if (name.Equals("algorithm", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref algorithm, ref reader);
            }
            else if (name.Equals("cnonce", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref clientNonce, ref reader);
            }
            else if (name.Equals("nc", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref nonceCount, ref reader);
            }
            else if (name.Equals("qop", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref qop, ref reader);
            }
            else if (name.Equals("opaque", StringComparison.OrdinalIgnoreCase))
            {
                ok = Set(ref opaque, ref reader);
            }
            else if (name.Equals("userhash", StringComparison.OrdinalIgnoreCase))
            {
                // A hashed username cannot be looked up without a table of every user's hash; not supported.
                ok = !reader.RawValue.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (!ok || reader.Failed || username is null || realm is null || nonce is null || uri is null || response is null)
        {
            return false;
        }

        credentials = new DigestCredentials
        {
            Username = username,
            Realm = realm,
            Nonce = nonce,
            Uri = uri,
            Response = response,
            Algorithm = algorithm,
            ClientNonce = clientNonce,
            NonceCount = nonceCount,
            Qop = qop,
            Opaque = opaque,
        };
        return true;
    }

    /// <summary>Formats the header value, quoting as RFC 7616 §3.4 does (algorithm, qop and nc unquoted).</summary>
    public string ToHeaderValue()
    {
        var builder = new StringBuilder(DigestSyntax.SchemePrefix, 256);
        DigestSyntax.AppendQuoted(builder, "username", Username);
        DigestSyntax.AppendQuoted(builder, "realm", Realm);
        DigestSyntax.AppendQuoted(builder, "nonce", Nonce);
        DigestSyntax.AppendQuoted(builder, "uri", Uri);
        DigestSyntax.AppendQuoted(builder, "response", Response);
        if (Algorithm is not null)
        {
            DigestSyntax.AppendToken(builder, "algorithm", Algorithm);
        }

        if (ClientNonce is not null)
        {
            DigestSyntax.AppendQuoted(builder, "cnonce", ClientNonce);
        }

        if (Opaque is not null)
        {
            DigestSyntax.AppendQuoted(builder, "opaque", Opaque);
        }

        if (Qop is not null)
        {
            DigestSyntax.AppendToken(builder, "qop", Qop);
        }

        if (NonceCount is not null)
        {
            DigestSyntax.AppendToken(builder, "nc", NonceCount);
        }

        return builder.ToString();
    }

    private static bool Set(ref string? field, ref DigestSyntax reader)
    {
        // RFC 7616 §3.4: a parameter must not appear twice; taking either copy could let a proxy and us disagree.
        if (field is not null)
        {
            return false;
        }

        field = reader.Value;
        return true;
    }
}
