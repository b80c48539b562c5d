using System.Globalization;

namespace HotlineTelephony.Tickets.Model;

/// <summary>
/// Ticket numbers: <c>12345-YYYYMMDD-NNNNNN</c>, the date being the creation day in the centre's time zone and NNNNNN
/// that day's counter from 000001 (allocated in the creating transaction, see <see cref="Storage.TicketCounters"/>).
/// </summary>
public static class TicketNumber
{
    public const string Prefix = "12345-";

    public const int MaxPerDay = 999_999;

    public static string Format(DateOnly day, long sequence)
    {
        if (sequence is < 1 or > MaxPerDay)
        {
            throw new InvalidOperationException($"Ticket counter for {day:yyyy-MM-dd} is {sequence}: at most {MaxPerDay} tickets fit in one day's numbers.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{day:yyyyMMdd}-{sequence:D6}");
    }

    /// <summary>The common beginning of every number of <paramref name="day"/> (for listing a day's tickets).</summary>
    public static string DayPrefix(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{day:yyyyMMdd}-");

    public static bool TryParse(string? number, out DateOnly day, out int sequence)
    {
        day = default;
        sequence = 0;
        return number is { Length: 21 }
            && number.StartsWith(Prefix, StringComparison.Ordinal)
            && number[14] == '-'
            && DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
            && int.TryParse(number.AsSpan(15, 6), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && sequence >= 1;
    }
}
