using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// A name-addr or addr-spec with header parameters, as in From, To, Contact, Route, Record-Route,
/// Refer-To and P-Asserted-Identity (RFC 3261 §20.10, §25.1). In the addr-spec form every parameter
/// after the URI belongs to the header, not the URI.
/// </summary>
public sealed class NameAddress
{
    private static readonly IReadOnlyList<UriParameter> s_none = Array.Empty<UriParameter>();

    public NameAddress(SipUri uri, string? displayName = null, IReadOnlyList<UriParameter>? parameters = null)
    {
        Uri = uri;
        DisplayName = displayName;
        Parameters = parameters ?? s_none;
    }

    /// <summary>The display name without quotes and with escapes removed, or null.</summary>
    public string? DisplayName { get; }

    public SipUri Uri { get; }

    public IReadOnlyList<UriParameter> Parameters { get; }

    public string? Tag => GetParameter("tag");

    public string? GetParameter(string name) => ParameterList.Get(Parameters, name);

    public NameAddress WithParameter(string name, string? value) => new(Uri, DisplayName, ParameterList.With(Parameters, name, value));

    public NameAddress WithTag(string tag) => WithParameter("tag", tag);

    public NameAddress WithUri(SipUri uri) => new(uri, DisplayName, Parameters);

    public static NameAddress Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"Invalid name-addr '{text}'");

    public static bool TryParse(string text, [NotNullWhen(true)] out NameAddress? value)
    {
        value = null;
        var s = text.AsSpan().Trim(" \t");
        if (s.IsEmpty)
        {
            return false;
        }

        string? display = null;
        SipUri? uri;
        int i;
        int lt = IndexOfUnquoted(s, '<');
        if (lt >= 0)
        {
            var name = s[..lt].Trim(" \t");
            if (!name.IsEmpty)
            {
                if (name[0] == '"')
                {
                    if (!TryUnquote(name, out display, out int used) || used != name.Length)
                    {
                        return false;
                    }
                }
                else
                {
                    // Unquoted display name: tokens separated by LWS (no quotes or specials).
                    if (name.IndexOfAny("\"<>@;:,") >= 0)
                    {
                        return false;
                    }

                    display = name.ToString();
                }
            }

            int gt = s[lt..].IndexOf('>');
            if (gt < 0)
            {
                return false;
            }

            gt += lt;
            if (!SipUri.TryParse(s[(lt + 1)..gt].ToString(), out uri))
            {
                return false;
            }

            i = gt + 1;
        }
        else
        {
            // addr-spec: the URI ends at the first ';' (its parameters are header parameters) or LWS.
            int end = s.IndexOfAny("; \t");
            if (end < 0)
            {
                end = s.Length;
            }

            var spec = s[..end];
            if (spec.IndexOfAny(",?\"") >= 0 || !SipUri.TryParse(spec.ToString(), out uri))
            {
                return false;
            }

            i = end;
        }

        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }

        var parameters = new List<UriParameter>();
        if (i < s.Length)
        {
            if (s[i] != ';' || !ParameterList.TryParse(s[i..], parameters, out int consumed) || i + consumed != s.Length)
            {
                return false;
            }
        }

        value = new NameAddress(uri, display, parameters.Count == 0 ? s_none : parameters);
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(96);
        if (DisplayName is not null)
        {
            sb.Append('"');
            foreach (char c in DisplayName)
            {
                if (c is '\r' or '\n')
                {
                    // Not even a quoted-pair may carry CR or LF (RFC 3261 §25.1).
                    sb.Append(' ');
                    continue;
                }

                // qdtext excludes '"', '\\' and control characters; those travel as quoted-pairs.
                if (c is '"' or '\\' || (c < 0x20 && c != '\t') || c == 0x7F)
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }

            sb.Append("\" ");
        }

        sb.Append('<').Append(Uri.ToString()).Append('>');
        ParameterList.Append(sb, Parameters);
        return sb.ToString();
    }

    internal static bool TryUnquote(ReadOnlySpan<char> s, out string? text, out int used)
    {
        text = null;
        used = 0;
        if (s.IsEmpty || s[0] != '"')
        {
            return false;
        }

        var sb = new StringBuilder(s.Length);
        for (int i = 1; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\')
            {
                if (i + 1 >= s.Length)
                {
                    return false;
                }

                sb.Append(s[++i]);
            }
            else if (c == '"')
            {
                used = i + 1;
                text = sb.ToString();
                return true;
            }
            else
            {
                sb.Append(c);
            }
        }

        return false;
    }

    private static int IndexOfUnquoted(ReadOnlySpan<char> s, char target)
    {
        bool quoted = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == target)
            {
                return i;
            }
        }

        return -1;
    }
}
