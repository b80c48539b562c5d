using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HotlineTelephony.Sip.Messages;

/// <summary>CSeq (RFC 3261 §20.16): a 32-bit sequence number below 2^31 and a method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out CSeqHeader value)
    {
        value = default;
        var s = text.AsSpan().Trim(" \t");
        int sp = s.IndexOfAny(' ', '\t');
        if (sp <= 0)
        {
            return false;
        }

        var number = s[..sp].TrimStart('0');
        if (number.IsEmpty)
        {
            number = "0";
        }

        var method = s[sp..].Trim(" \t");
        if (number.Length > 10 || !uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out uint n) || n > int.MaxValue || method.IsEmpty || method.IndexOfAny(" \t") >= 0)
        {
            return false;
        }

        value = new CSeqHeader(n, SipMethods.Intern(method));
        return true;
    }

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;
}
