using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>
/// The value of a WWW-Authenticate or Proxy-Authenticate header with the Digest scheme (RFC 3261 §22.1,
/// RFC 7616 §3.3): built by our server, or parsed from a trunk that challenges us.
/// </summary>
public sealed class DigestChallenge
{
    public required string Realm { get; init; }

    public required string Nonce { get; init; }

    public string? Opaque { get; init; }

    public DigestAlgorithm Algorithm { get; init; } = DigestAlgorithm.Md5;

    /// <summary>The qop options, comma separated as on the wire; null for an RFC 2069 style challenge.</summary>
    public string? Qop { get; init; } = "auth";

    /// <summary>True when the client's digest was right but the nonce had expired, so it may retry without asking the user.</summary>
    public bool Stale { get; init; }

    /// <summary>
    /// One challenge per supported algorithm, SHA-256 first (RFC 8760 §2.4); send each as its own header so that
    /// MD5-only devices still find one they understand.
    /// </summary>
    public static DigestChallenge[] CreateOffers(string realm, string nonce, string? opaque = null, bool stale = false) =>
        CreateOffers(realm, nonce, [DigestAlgorithm.Sha256, DigestAlgorithm.Md5], opaque, stale);

    /// <summary>One challenge per algorithm, in the given order (clients that read only the first header use it).</summary>
    public static DigestChallenge[] CreateOffers(string realm, string nonce, IReadOnlyList<DigestAlgorithm> algorithms, string? opaque = null, bool stale = false)
    {
        var offers = new DigestChallenge[algorithms.Count];
        for (int i = 0; i < offers.Length; i++)
        {
            offers[i] = new() { Realm = realm, Nonce = nonce, Opaque = opaque, Algorithm = algorithms[i], Stale = stale };
        }

        return offers;
    }

    /// <summary>
    /// Parses a challenge header value. Fails on bad syntax, a missing realm or nonce, or an algorithm we do not
    /// support (so a client can move on to the next challenge header); absent algorithm means MD5.
    /// </summary>
    public static bool TryParse(string? headerValue, [NotNullWhen(true)] out DigestChallenge? challenge)
    {
        challenge = null;
        if (headerValue is null || !DigestSyntax.TryStart(headerValue, out var reader))
        {
            return false;
        }

        string? realm = null, nonce = null, opaque = null, qop = null;
        var algorithm = DigestAlgorithm.Md5;
        var stale = false;
        var ok = true;
        while (ok && reader.MoveNext())
        {
            var name = reader.Name;
            if (name.Equals("realm", StringComparison.OrdinalIgnoreCase))
            {
                realm = reader.Value;
            }
            else if (name.Equals("nonce", StringComparison.OrdinalIgnoreCase))
            {
                nonce = reader.Value;
            }
            else if (name.Equals("opaque", StringComparison.OrdinalIgnoreCase))
            {
                opaque = reader.Value;
            }
            else if (name.Equals("qop", StringComparison.OrdinalIgnoreCase))
            {
                qop = reader.Value;
            }
            else if (name.Equals("stale", StringComparison.OrdinalIgnoreCase))
            {
                stale = reader.RawValue.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("algorithm", StringComparison.OrdinalIgnoreCase))
            {
                ok = DigestAlgorithm.TryParse(reader.Value, out algorithm);
            }
        }

        if (!ok || reader.Failed || realm is null || nonce is null)
        {
            return false;
        }

        challenge = new DigestChallenge { Realm = realm, Nonce = nonce, Opaque = opaque, Algorithm = algorithm!, Qop = qop, Stale = stale };
        return true;
    }

    /// <summary>Formats the header value: <c>Digest realm="…", nonce="…", opaque="…", algorithm=SHA-256, qop="auth"</c>.</summary>
    public string ToHeaderValue()
    {
        var builder = new StringBuilder(DigestSyntax.SchemePrefix, 192);
        DigestSyntax.AppendQuoted(builder, "realm", Realm);
        DigestSyntax.AppendQuoted(builder, "nonce", Nonce);
        if (Opaque is not null)
        {
            DigestSyntax.AppendQuoted(builder, "opaque", Opaque);
        }

        DigestSyntax.AppendToken(builder, "algorithm", Algorithm.Name);
        if (Qop is not null)
        {
            DigestSyntax.AppendQuoted(builder, "qop", Qop);
        }

        if (Stale)
        {
            DigestSyntax.AppendToken(builder, "stale", "true");
        }

        return builder.ToString();
    }

    public override string ToString() => ToHeaderValue();
}
