namespace HotlineTelephony.Media.Prompts;

/// <summary>
/// Spells 0–999 as the prompt fragments a Mandarin speaker would say: 10 十, 12 十二, 20 二十, 105 一百零五,
/// 110 一百一十. In the counting form (a quantity before a measure word) a lone 2 is 两 and 2xx is 两百, as in
/// 两位 and 两百位; 二 stays inside compounds (十二, 二十二).
/// </summary>
public static class ChineseNumerals
{
    public const int MaxValue = 999;

    /// <summary>Longest spelling: 九百九十九 is five fragments.</summary>
    public const int MaxFragments = 5;

    /// <summary>Writes the fragments for <paramref name="value"/> and returns how many; allocates nothing.</summary>
    public static int Spell(int value, bool counting, Span<PromptId> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        if (destination.Length < MaxFragments)
        {
            throw new ArgumentException($"needs room for {MaxFragments} fragments", nameof(destination));
        }

        if (value == 0)
        {
            destination[0] = PromptId.Digit0;
            return 1;
        }

        int count = 0;
        int hundreds = value / 100;
        int tens = value / 10 % 10;
        int units = value % 10;

        if (hundreds > 0)
        {
            destination[count++] = counting && hundreds == 2 ? PromptId.Digit2Counting : Digit(hundreds);
            destination[count++] = PromptId.Hundred;
            if (tens == 0 && units > 0)
            {
                // 一百零五: a gap in the tens is spoken as 零.
                destination[count++] = PromptId.Digit0;
            }
        }

        if (tens > 0)
        {
            // 十二 on its own, but 一百一十二 after a hundred.
            if (tens > 1 || hundreds > 0)
            {
                destination[count++] = Digit(tens);
            }

            destination[count++] = PromptId.Ten;
        }

        if (units > 0)
        {
            destination[count++] = counting && value == 2 ? PromptId.Digit2Counting : Digit(units);
        }

        return count;
    }

    /// <summary>The spelling as characters ("一百零五"), for logs and tests.</summary>
    public static string ToText(int value, bool counting = false)
    {
        Span<PromptId> fragments = stackalloc PromptId[MaxFragments];
        int count = Spell(value, counting, fragments);
        Span<char> text = stackalloc char[MaxFragments];
        for (int i = 0; i < count; i++)
        {
            text[i] = Character(fragments[i]);
        }

        return new string(text[..count]);
    }

    /// <summary>The character a number fragment stands for.</summary>
    public static char Character(PromptId fragment) => fragment switch
    {
        PromptId.Digit0 => '零',
        PromptId.Digit1 => '一',
        PromptId.Digit2 => '二',
        PromptId.Digit3 => '三',
        PromptId.Digit4 => '四',
        PromptId.Digit5 => '五',
        PromptId.Digit6 => '六',
        PromptId.Digit7 => '七',
        PromptId.Digit8 => '八',
        PromptId.Digit9 => '九',
        PromptId.Digit2Counting => '两',
        PromptId.Ten => '十',
        PromptId.Hundred => '百',
        _ => throw new ArgumentOutOfRangeException(nameof(fragment), fragment, "not a number fragment"),
    };

    private static PromptId Digit(int digit) => PromptId.Digit0 + digit;
}
