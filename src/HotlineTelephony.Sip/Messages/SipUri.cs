using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// A sip:, sips: or tel: URI (RFC 3261 §19.1, RFC 3966), or any other absolute URI kept as text.
/// Immutable: use the <c>With…</c> methods to derive a changed copy.
/// </summary>
public sealed class SipUri : IEquatable<SipUri>
{
    private static readonly IReadOnlyList<UriParameter> s_noParameters = Array.Empty<UriParameter>();
    private string? _text;

    private SipUri(string scheme, string? user, string? password, string host, int? port, IReadOnlyList<UriParameter> parameters, string? headers, string? text)
    {
        Scheme = scheme;
        User = user;
        Password = password;
        Host = host;
        Port = port;
        Parameters = parameters;
        Headers = headers;
        _text = text;
    }

    /// <summary>Lower-case scheme: "sip", "sips", "tel", or another scheme for non-SIP URIs.</summary>
    public string Scheme { get; }

    /// <summary>The user part as written (still %-escaped), or for tel: the number.</summary>
    public string? User { get; }

    public string? Password { get; }

    /// <summary>Host name or address; IPv6 references keep their brackets. Empty for tel: and other schemes.</summary>
    public string Host { get; }

    public int? Port { get; }

    public IReadOnlyList<UriParameter> Parameters { get; }

    /// <summary>The <c>?h=v&amp;…</c> part without the question mark, or null.</summary>
    public string? Headers { get; }

    public bool IsSip => Scheme is "sip" or "sips";

    public bool IsSecure => Scheme == "sips";

    /// <summary>The user part with %-escapes decoded.</summary>
    public string? UnescapedUser => User is null ? null : Uri.UnescapeDataString(User);

    /// <summary>The transport parameter, lower case, or null.</summary>
    public string? Transport => GetParameter("transport")?.ToLowerInvariant();

    public string HostAndPort => Port is { } p ? Host + ":" + p.ToString(CultureInfo.InvariantCulture) : Host;

    public static SipUri Create(string scheme, string? user, string host, int? port = null, IReadOnlyList<UriParameter>? parameters = null) =>
        new(scheme, user, null, host, port, parameters ?? s_noParameters, null, null);

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"Invalid URI '{text}'");

    public static bool TryParse(string text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int colon = text.IndexOf(':');
        if (colon <= 0 || !IsScheme(text.AsSpan(0, colon)))
        {
            return false;
        }

        var scheme = text[..colon].ToLowerInvariant();
        var rest = text.AsSpan(colon + 1);
        if (rest.IsEmpty || rest.IndexOfAny(" \t\r\n<>\"") >= 0)
        {
            return false;
        }

        if (scheme == "tel")
        {
            return TryParseTel(text, rest, out uri);
        }

        if (scheme is not ("sip" or "sips"))
        {
            uri = new SipUri(scheme, null, null, string.Empty, null, s_noParameters, null, text);
            return true;
        }

        string? user = null;
        string? password = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userinfo = rest[..at];
            int pw = userinfo.IndexOf(':');
            var userPart = pw >= 0 ? userinfo[..pw] : userinfo;
            if (userPart.IsEmpty || !IsValidEscaping(userinfo))
            {
                return false;
            }

            user = userPart.ToString();
            password = pw >= 0 ? userinfo[(pw + 1)..].ToString() : null;
            rest = rest[(at + 1)..];
        }

        if (!TryParseHostPort(rest, out var host, out var port, out int consumed))
        {
            return false;
        }

        rest = rest[consumed..];
        var parameters = new List<UriParameter>();
        if (!rest.IsEmpty && rest[0] == ';')
        {
            if (!ParameterList.TryParse(rest, parameters, out consumed, '?'))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        string? headers = null;
        if (!rest.IsEmpty)
        {
            if (rest[0] != '?')
            {
                return false;
            }

            headers = rest[1..].ToString();
        }

        uri = new SipUri(scheme, user, password, host, port, parameters.Count == 0 ? s_noParameters : parameters, headers, text);
        return true;
    }

    public string? GetParameter(string name) => ParameterList.Get(Parameters, name);

    public bool HasParameter(string name) => ParameterList.Has(Parameters, name);

    public SipUri WithParameter(string name, string? value) =>
        new(Scheme, User, Password, Host, Port, ParameterList.With(Parameters, name, value), Headers, null);

    public SipUri WithoutParameter(string name) =>
        new(Scheme, User, Password, Host, Port, ParameterList.Without(Parameters, name), Headers, null);

    public SipUri WithHost(string host, int? port) => new(Scheme, User, Password, host, port, Parameters, Headers, null);

    public SipUri WithUser(string? user) => new(Scheme, user, Password, Host, Port, Parameters, Headers, null);

    /// <summary>The URI without its headers part, as a Request-URI built from a Contact must be (§12.1.2).</summary>
    public SipUri WithoutHeaders() => Headers is null ? this : new(Scheme, User, Password, Host, Port, Parameters, null, null);

    /// <summary>The host as an IP address, if it is one.</summary>
    public IPAddress? HostAddress => IPAddress.TryParse(Host.Trim('[', ']'), out var ip) ? ip : null;

    public override string ToString() => _text ??= Format();

    public bool Equals(SipUri? other) =>
        other is not null && string.Equals(Canonical(), other.Canonical(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SipUri);

    public override int GetHashCode() => Canonical().GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// A comparison key close to RFC 3261 §19.1.4: scheme and host case-insensitive, user case-sensitive
    /// after unescaping, parameters in any order.
    /// </summary>
    private string Canonical()
    {
        var sb = new StringBuilder();
        sb.Append(Scheme).Append(':');
        if (User is not null)
        {
            sb.Append(Uri.UnescapeDataString(User));
            if (Password is not null)
            {
                sb.Append(':').Append(Password);
            }

            sb.Append('@');
        }

        sb.Append(Host.ToLowerInvariant());
        if (Port is { } p)
        {
            sb.Append(':').Append(p);
        }

        var ordered = new List<UriParameter>(Parameters);
        ordered.Sort((a, b) => string.CompareOrdinal(a.Name.ToLowerInvariant(), b.Name.ToLowerInvariant()));
        foreach (var param in ordered)
        {
            sb.Append(';').Append(param.Name.ToLowerInvariant());
            if (param.Value is not null)
            {
                sb.Append('=').Append(param.Value.ToLowerInvariant());
            }
        }

        if (Scheme is not ("sip" or "sips" or "tel"))
        {
            return _text ?? sb.ToString();
        }

        return sb.ToString();
    }

    private string Format()
    {
        var sb = new StringBuilder(64);
        sb.Append(Scheme).Append(':');
        if (User is not null)
        {
            sb.Append(User);
            if (Password is not null)
            {
                sb.Append(':').Append(Password);
            }

            if (Scheme != "tel")
            {
                sb.Append('@');
            }
        }

        sb.Append(Host);
        if (Port is { } p)
        {
            sb.Append(':').Append(p.ToString(CultureInfo.InvariantCulture));
        }

        ParameterList.Append(sb, Parameters);
        if (Headers is not null)
        {
            sb.Append('?').Append(Headers);
        }

        return sb.ToString();
    }

    private static bool TryParseTel(string text, ReadOnlySpan<char> rest, out SipUri? uri)
    {
        uri = null;
        int semi = rest.IndexOf(';');
        var number = semi >= 0 ? rest[..semi] : rest;
        if (number.IsEmpty)
        {
            return false;
        }

        var parameters = new List<UriParameter>();
        if (semi >= 0 && !ParameterList.TryParse(rest[semi..], parameters, out _))
        {
            return false;
        }

        uri = new SipUri("tel", number.ToString(), null, string.Empty, null, parameters.Count == 0 ? s_noParameters : parameters, null, text);
        return true;
    }

    internal static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port, out int consumed)
    {
        host = string.Empty;
        port = null;
        consumed = 0;
        int i;
        if (!text.IsEmpty && text[0] == '[')
        {
            int close = text.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(text[1..close], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = text[..(close + 1)].ToString();
            i = close + 1;
        }
        else
        {
            i = 0;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '.' or '_'))
            {
                i++;
            }

            if (i == 0)
            {
                return false;
            }

            host = text[..i].ToString();
        }

        if (i < text.Length && text[i] == ':')
        {
            int start = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i - start > 5 || !int.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 65535)
            {
                return false;
            }

            port = p;
        }

        consumed = i;
        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidEscaping(ReadOnlySpan<char> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])))
            {
                return false;
            }
        }

        return true;
    }
}
