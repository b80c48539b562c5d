namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// Splits comma-joined header values. A comma inside a quoted string or inside &lt;...&gt; is part of the
/// value (a Contact display name or a URI may hold one), so a plain string.Split would be wrong.
/// </summary>
public static class HeaderValueSplitter
{
    public static void Split(string value, List<string> into)
    {
        int start = 0;
        while (start <= value.Length)
        {
            int end = NextComma(value, start);
            var part = value.AsSpan(start, end - start).Trim(" \t");
            if (!part.IsEmpty)
            {
                into.Add(part.Length == value.Length ? value : part.ToString());
            }

            start = end + 1;
        }
    }

    /// <summary>The first non-empty value, as <see cref="Split"/> would return it first (empty string if none).</summary>
    public static string First(string value)
    {
        int start = 0;
        while (start <= value.Length)
        {
            int end = NextComma(value, start);
            var part = value.AsSpan(start, end - start).Trim(" \t");
            if (!part.IsEmpty)
            {
                return part.Length == value.Length ? value : part.ToString();
            }

            start = end + 1;
        }

        return string.Empty;
    }

    /// <summary>Index of the next separating comma at or after <paramref name="start"/>, or the length.</summary>
    public static int NextComma(string value, int start)
    {
        bool quoted = false;
        bool angled = false;
        for (int i = start; i < value.Length; i++)
        {
            char c = value[i];
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
            else if (c == '<')
            {
                angled = true;
            }
            else if (c == '>')
            {
                angled = false;
            }
            else if (c == ',' && !angled)
            {
                return i;
            }
        }

        return value.Length;
    }
}
