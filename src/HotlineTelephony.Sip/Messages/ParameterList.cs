using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>Parsing and lookup of <c>;name=value</c> lists shared by URIs, name-addrs and Via.</summary>
internal static class ParameterList
{
    /// <summary>
    /// Parses parameters that follow a leading ';' until <paramref name="text"/> ends or a stop character
    /// outside a quoted string is met. Returns false on an empty name.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, List<UriParameter> into, out int consumed, char stop = '\0')
    {
        consumed = 0;
        int i = 0;
        while (i < text.Length && text[i] == ';')
        {
            i++;
            int nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ';' && text[i] != stop)
            {
                i++;
            }

            var name = text[nameStart..i].Trim(" \t");
            if (name.IsEmpty || name.IndexOfAny(" \t\"<>,") >= 0)
            {
                return false;
            }

            string? value = null;
            if (i < text.Length && text[i] == '=')
            {
                i++;
                while (i < text.Length && text[i] is ' ' or '\t')
                {
                    i++;
                }

                int valueStart = i;
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }

                        i++;
                    }

                    if (i >= text.Length)
                    {
                        return false;
                    }

                    i++;
                }
                else
                {
                    while (i < text.Length && text[i] != ';' && text[i] != stop)
                    {
                        i++;
                    }
                }

                value = text[valueStart..i].Trim(" \t").ToString();
            }

            into.Add(new UriParameter(InternName(name), value));
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }
        }

        consumed = i;
        return true;
    }

    private static readonly string[] s_commonNames =
        ["branch", "tag", "lr", "transport", "rport", "received", "user", "maddr", "ttl", "expires", "q", "method", "refresher"];

    /// <summary>Returns a shared string for common parameter names spelled exactly so (the spelling is kept for writing).</summary>
    private static string InternName(ReadOnlySpan<char> name)
    {
        foreach (var known in s_commonNames)
        {
            if (name.SequenceEqual(known))
            {
                return known;
            }
        }

        return name.ToString();
    }

    public static string? Get(IReadOnlyList<UriParameter> list, string name)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return list[i].Value ?? string.Empty;
            }
        }

        return null;
    }

    public static bool Has(IReadOnlyList<UriParameter> list, string name) => Get(list, name) is not null;

    public static List<UriParameter> With(IReadOnlyList<UriParameter> list, string name, string? value)
    {
        var copy = new List<UriParameter>(list.Count + 1);
        bool replaced = false;
        foreach (var p in list)
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                if (!replaced)
                {
                    copy.Add(new UriParameter(name, value));
                    replaced = true;
                }
            }
            else
            {
                copy.Add(p);
            }
        }

        if (!replaced)
        {
            copy.Add(new UriParameter(name, value));
        }

        return copy;
    }

    public static List<UriParameter> Without(IReadOnlyList<UriParameter> list, string name)
    {
        var copy = new List<UriParameter>(list.Count);
        foreach (var p in list)
        {
            if (!string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                copy.Add(p);
            }
        }

        return copy;
    }

    public static void Append(StringBuilder sb, IReadOnlyList<UriParameter> list)
    {
        foreach (var p in list)
        {
            sb.Append(';').Append(p.Name);
            if (p.Value is not null)
            {
                sb.Append('=').Append(p.Value);
            }
        }
    }
}
