namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// Maps RFC 4733 §3.2 telephone-event codes 0–15 to the keypad characters '0'–'9', '*', '#', 'A'–'D' and back.
/// Lower-case 'a'–'d' are accepted on input and normalised to upper case.
/// </summary>
public static class DtmfDigit
{
    /// <summary>The highest event code that is a DTMF digit ('D'); codes above it are other tones and flash-hook.</summary>
    public const int MaxEventCode = 15;

    private const string Digits = "0123456789*#ABCD";

    public static bool TryFromEventCode(int eventCode, out char digit)
    {
        if ((uint)eventCode > MaxEventCode)
        {
            digit = '\0';
            return false;
        }

        digit = Digits[eventCode];
        return true;
    }

    public static bool TryToEventCode(char digit, out byte eventCode)
    {
        int code = digit switch
        {
            >= '0' and <= '9' => digit - '0',
            '*' => 10,
            '#' => 11,
            >= 'A' and <= 'D' => 12 + (digit - 'A'),
            >= 'a' and <= 'd' => 12 + (digit - 'a'),
            _ => -1,
        };

        eventCode = (byte)Math.Max(code, 0);
        return code >= 0;
    }

    public static bool IsValid(char digit) => TryToEventCode(digit, out _);

    /// <summary>Returns the canonical (upper-case) form of a valid digit, or '\0' when it is not a DTMF digit.</summary>
    public static char Normalize(char digit) => TryToEventCode(digit, out byte code) ? Digits[code] : '\0';
}
