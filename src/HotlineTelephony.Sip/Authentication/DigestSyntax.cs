using System.Text;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>
/// Reads the parameters of a <c>Digest</c> challenge or credentials header value (RFC 7235 auth-param list:
/// token "=" ( token / quoted-string ), comma separated with optional whitespace, empty elements allowed).
/// </summary>
internal ref struct DigestSyntax
{
    /// <summary>What a header value starts with; builders begin with it and then append parameters.</summary>
    public const string SchemePrefix = "Digest ";

    private readonly ReadOnlySpan<char> _text;
    private int _position;

    private DigestSyntax(ReadOnlySpan<char> text, int position)
    {
        _text = text;
        _position = position;
    }

    public ReadOnlySpan<char> Name { get; private set; }

    /// <summary>The value without its quotes and with escapes still in place.</summary>
    public ReadOnlySpan<char> RawValue { get; private set; }

    public bool IsQuoted { get; private set; }

    /// <summary>Set when <see cref="MoveNext"/> stopped on bad syntax rather than at the end.</summary>
    public bool Failed { get; private set; }

    /// <summary>Checks the scheme is <c>Digest</c> (any case) and positions the reader on its parameters.</summary>
    public static bool TryStart(ReadOnlySpan<char> headerValue, out DigestSyntax reader)
    {
        const string Scheme = "Digest";
        var start = SkipWhitespace(headerValue, 0);
        var rest = headerValue[start..];
        if (!rest.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || (rest.Length > Scheme.Length && !IsWhitespace(rest[Scheme.Length])))
        {
            reader = default;
            return false;
        }

        reader = new DigestSyntax(headerValue, start + Scheme.Length);
        return true;
    }

    public string Value => IsQuoted ? Unescape(RawValue) : RawValue.ToString();

    public bool MoveNext()
    {
        var text = _text;
        var i = _position;
        while (i < text.Length && (text[i] == ',' || IsWhitespace(text[i])))
        {
            i++;
        }

        if (i == text.Length)
        {
            return false;
        }

        var nameStart = i;
        while (i < text.Length && IsTokenChar(text[i]))
        {
            i++;
        }

        Name = text[nameStart..i];
        i = SkipWhitespace(text, i);
        if (Name.IsEmpty || i == text.Length || text[i] != '=')
        {
            return Fail();
        }

        i = SkipWhitespace(text, i + 1);
        if (i < text.Length && text[i] == '"')
        {
            var valueStart = ++i;
            while (i < text.Length && text[i] != '"')
            {
                // quoted-pair: the next character is taken literally, quotes and backslashes included.
                i += text[i] == '\\' ? 2 : 1;
            }

            if (i >= text.Length)
            {
                return Fail();
            }

            RawValue = text[valueStart..i];
            IsQuoted = true;
            i++;
        }
        else
        {
            // Lenient: some devices leave out quotes around values with ':' or '/', so take anything up to a
            // separator rather than strictly a token.
            var valueStart = i;
            while (i < text.Length && text[i] != ',' && text[i] != '"' && !IsWhitespace(text[i]))
            {
                i++;
            }

            if (i == valueStart)
            {
                return Fail();
            }

            RawValue = text[valueStart..i];
            IsQuoted = false;
        }

        i = SkipWhitespace(text, i);
        if (i < text.Length && text[i] != ',')
        {
            return Fail();
        }

        _position = i;
        return true;
    }

    /// <summary>Appends <c>, name="value"</c> (or without the comma when first), escaping quotes and backslashes.</summary>
    public static void AppendQuoted(StringBuilder builder, string name, string value)
    {
        AppendSeparator(builder);
        builder.Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }

    /// <summary>Appends <c>, name=token</c> for values the grammar leaves unquoted (algorithm, qop in credentials, nc, stale).</summary>
    public static void AppendToken(StringBuilder builder, string name, string value)
    {
        AppendSeparator(builder);
        builder.Append(name).Append('=').Append(value);
    }

    private static void AppendSeparator(StringBuilder builder)
    {
        // Every builder starts with exactly the scheme prefix, so its length says whether a parameter came before.
        if (builder.Length > SchemePrefix.Length)
        {
            builder.Append(", ");
        }
    }

    private bool Fail()
    {
        Failed = true;
        _position = _text.Length;
        return false;
    }

    private static string Unescape(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOf('\\') < 0)
        {
            return raw.ToString();
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length)
            {
                i++;
            }

            builder.Append(raw[i]);
        }

        return builder.ToString();
    }

    private static int SkipWhitespace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && IsWhitespace(text[i]))
        {
            i++;
        }

        return i;
    }

    // CR and LF too: a folded header may reach us unfolded only partially.
    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
