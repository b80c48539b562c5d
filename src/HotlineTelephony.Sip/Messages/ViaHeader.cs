using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>One Via value (RFC 3261 §20.42, RFC 3581 rport): <c>SIP/2.0/UDP host:port;branch=…</c>.</summary>
public sealed class ViaHeader
{
    /// <summary>Branch ids from RFC 3261 stacks start with this cookie (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    private static readonly IReadOnlyList<UriParameter> s_none = Array.Empty<UriParameter>();

    public ViaHeader(string transport, string host, int? port, IReadOnlyList<UriParameter>? parameters = null)
    {
        Transport = transport.ToUpperInvariant();
        Host = host;
        Port = port;
        Parameters = parameters ?? s_none;
    }

    /// <summary>Upper-case transport: UDP, TCP, TLS, WS, WSS, SCTP.</summary>
    public string Transport { get; }

    public string Host { get; }

    public int? Port { get; }

    public IReadOnlyList<UriParameter> Parameters { get; }

    public string? Branch => ParameterList.Get(Parameters, "branch");

    public string? Received => ParameterList.Get(Parameters, "received");

    public string? MAddr => ParameterList.Get(Parameters, "maddr");

    /// <summary>True when the sender asked for rport (RFC 3581), with or without a value.</summary>
    public bool HasRPort => ParameterList.Has(Parameters, "rport");

    /// <summary>The rport value filled in by the server, if any.</summary>
    public int? RPort =>
        int.TryParse(ParameterList.Get(Parameters, "rport"), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : null;

    public bool IsRfc3261Branch => Branch?.StartsWith(MagicCookie, StringComparison.Ordinal) == true;

    public ViaHeader WithParameter(string name, string? value) => new(Transport, Host, Port, ParameterList.With(Parameters, name, value));

    public static bool TryParse(string text, [NotNullWhen(true)] out ViaHeader? via)
    {
        via = null;
        var s = text.AsSpan().Trim(" \t");

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around slashes.
        if (!TryTakeToken(ref s, out var name) || !TakeSlash(ref s) || !TryTakeToken(ref s, out var version) || !TakeSlash(ref s) || !TryTakeToken(ref s, out var transport))
        {
            return false;
        }

        if (!name.Equals("SIP", StringComparison.OrdinalIgnoreCase) || !version.SequenceEqual("2.0"))
        {
            return false;
        }

        int ws = 0;
        while (ws < s.Length && s[ws] is ' ' or '\t')
        {
            ws++;
        }

        if (ws == 0)
        {
            return false;
        }

        s = s[ws..];
        if (!SipUri.TryParseHostPort(s, out var host, out var port, out int consumed))
        {
            return false;
        }

        s = s[consumed..].TrimStart(" \t");
        var parameters = new List<UriParameter>();
        if (!s.IsEmpty)
        {
            if (s[0] != ';' || !ParameterList.TryParse(s, parameters, out consumed) || consumed != s.Length)
            {
                return false;
            }
        }

        foreach (var p in parameters)
        {
            if (p.Name.Equals("ttl", StringComparison.OrdinalIgnoreCase) &&
                (!int.TryParse(p.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int ttl) || ttl > 255))
            {
                return false;
            }
        }

        via = new ViaHeader(InternTransport(transport), host, port, parameters.Count == 0 ? s_none : parameters);
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append("SIP/2.0/").Append(Transport).Append(' ').Append(Host);
        if (Port is { } p)
        {
            sb.Append(':').Append(p.ToString(CultureInfo.InvariantCulture));
        }

        ParameterList.Append(sb, Parameters);
        return sb.ToString();
    }

    private static string InternTransport(ReadOnlySpan<char> transport)
    {
        foreach (var known in (ReadOnlySpan<string>)["UDP", "TCP", "TLS", "WS", "WSS", "SCTP"])
        {
            if (transport.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return transport.ToString();
    }

    private static bool TryTakeToken(ref ReadOnlySpan<char> s, out ReadOnlySpan<char> token)
    {
        s = s.TrimStart(" \t");
        int i = 0;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~'))
        {
            i++;
        }

        token = s[..i];
        s = s[i..];
        return i > 0;
    }

    private static bool TakeSlash(ref ReadOnlySpan<char> s)
    {
        s = s.TrimStart(" \t");
        if (s.IsEmpty || s[0] != '/')
        {
            return false;
        }

        s = s[1..];
        return true;
    }
}
