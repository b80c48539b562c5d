namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>
/// A compiled dialled-number pattern in the Asterisk style: X = 0-9, Z = 1-9, N = 2-9, [1-5] or [135] = a set,
/// a trailing . = one or more further characters, an optional leading _ (Asterisk's pattern marker). Other characters
/// (digits, *, #, +) are literal. Each position is a bit mask over the 13 dialable characters, so matching allocates
/// nothing.
/// </summary>
internal sealed class NumberPattern
{
    private readonly ushort[] _positions;

    private NumberPattern(string text, ushort[] positions, bool trailingWildcard, int literalPrefixLength)
    {
        Text = text;
        _positions = positions;
        TrailingWildcard = trailingWildcard;
        LiteralPrefixLength = literalPrefixLength;
        foreach (var mask in positions)
            Breadth += System.Numerics.BitOperations.PopCount(mask);
    }

    /// <summary>The canonical text (no leading _, X/Z/N upper-case); two routes with the same text are duplicates.</summary>
    public string Text { get; }

    public bool TrailingWildcard { get; }

    public int LiteralPrefixLength { get; }

    /// <summary>Sum of the characters each position accepts: lower is more specific.</summary>
    public int Breadth { get; }

    /// <summary>True when the pattern has no class and no wildcard: it matches one number only.</summary>
    public bool IsExact => !TrailingWildcard && LiteralPrefixLength == _positions.Length;

    public static bool TryParse(string text, out NumberPattern? pattern, out string error)
    {
        pattern = null;
        var span = text.AsSpan();
        if (span.StartsWith("_"))
            span = span[1..];
        if (span.IsEmpty)
        {
            error = "is empty";
            return false;
        }
        var positions = new List<ushort>(span.Length);
        var canonical = new System.Text.StringBuilder(span.Length);
        var wildcard = false;
        var literalPrefix = -1;
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            ushort mask;
            switch (char.ToUpperInvariant(c))
            {
                case 'X': mask = Range('0', '9'); canonical.Append('X'); break;
                case 'Z': mask = Range('1', '9'); canonical.Append('Z'); break;
                case 'N': mask = Range('2', '9'); canonical.Append('N'); break;
                case '.':
                    if (i != span.Length - 1)
                    {
                        error = $"has '.' at position {i + 1}: the wildcard must be last";
                        return false;
                    }
                    if (positions.Count == 0)
                    {
                        error = "is only a wildcard";
                        return false;
                    }
                    wildcard = true;
                    if (literalPrefix < 0)
                        literalPrefix = positions.Count;
                    canonical.Append('.');
                    continue;
                case '[':
                    var close = span[i..].IndexOf(']');
                    if (close < 0)
                    {
                        error = $"has '[' at position {i + 1} without a closing ']'";
                        return false;
                    }
                    if (!TryParseSet(span.Slice(i + 1, close - 1), out mask))
                    {
                        error = $"has an invalid set '{span.Slice(i, close + 1)}' (expected digits and ranges such as [1-5] or [135])";
                        return false;
                    }
                    canonical.Append(span.Slice(i, close + 1));
                    i += close;
                    break;
                default:
                    var bit = IndexOf(c);
                    if (bit < 0)
                    {
                        error = $"has '{c}' at position {i + 1} (expected digits, *, #, +, X, Z, N, [..] or a trailing .)";
                        return false;
                    }
                    mask = (ushort)(1 << bit);
                    canonical.Append(c);
                    break;
            }
            if (IndexOf(c) < 0 && literalPrefix < 0)
                literalPrefix = positions.Count;
            positions.Add(mask);
        }
        if (literalPrefix < 0)
            literalPrefix = positions.Count;
        pattern = new NumberPattern(canonical.ToString(), [.. positions], wildcard, literalPrefix);
        error = "";
        return true;
    }

    /// <summary>Leading literal characters of <paramref name="text"/> (the leading _ not counted), without compiling it.</summary>
    public static int LiteralPrefixOf(string text)
    {
        var span = text.AsSpan();
        if (span.StartsWith("_"))
            span = span[1..];
        var n = 0;
        while (n < span.Length && IndexOf(span[n]) >= 0)
            n++;
        return n;
    }

    public bool Matches(ReadOnlySpan<char> dialled)
    {
        if (TrailingWildcard ? dialled.Length <= _positions.Length : dialled.Length != _positions.Length)
            return false;
        for (var i = 0; i < _positions.Length; i++)
        {
            var bit = IndexOf(dialled[i]);
            if (bit < 0 || (_positions[i] & (1 << bit)) == 0)
                return false;
        }
        for (var i = _positions.Length; i < dialled.Length; i++)
        {
            if (IndexOf(dialled[i]) < 0)
                return false;
        }
        return true;
    }

    /// <summary>0-9 → 0-9, * → 10, # → 11, + → 12; anything else −1.</summary>
    private static int IndexOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        '*' => 10,
        '#' => 11,
        '+' => 12,
        _ => -1,
    };

    private static ushort Range(char from, char to)
    {
        ushort mask = 0;
        for (var c = from; c <= to; c++)
            mask |= (ushort)(1 << (c - '0'));
        return mask;
    }

    private static bool TryParseSet(ReadOnlySpan<char> set, out ushort mask)
    {
        mask = 0;
        for (var i = 0; i < set.Length; i++)
        {
            if (!char.IsAsciiDigit(set[i]))
                return false;
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                if (!char.IsAsciiDigit(set[i + 2]) || set[i + 2] < set[i])
                    return false;
                mask |= Range(set[i], set[i + 2]);
                i += 2;
            }
            else
            {
                mask |= (ushort)(1 << (set[i] - '0'));
            }
        }
        return mask != 0;
    }
}
