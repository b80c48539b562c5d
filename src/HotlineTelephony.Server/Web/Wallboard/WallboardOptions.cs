namespace HotlineTelephony.Server.Web.Wallboard;

/// <summary>Wallboard settings (section "Wallboard", docs/configuration.md).</summary>
public sealed class WallboardOptions
{
    public const string SectionName = "Wallboard";

    /// <summary>Threshold of the "serviceLevel" figure; the 15-second answer rate always uses 15 s (R-TEL-01).</summary>
    public int ServiceLevelSeconds { get; set; } = 15;

    /// <summary>Offset of the centre's local time from UTC; "today" runs from local midnight to midnight (China: +08:00).</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Least time between two pushes to the wallboard clients (the contract's 250 ms).</summary>
    public int PushIntervalMs { get; set; } = 250;

    public void Validate()
    {
        if (ServiceLevelSeconds is < 1 or > 3600)
        {
            throw new InvalidOperationException($"Wallboard:ServiceLevelSeconds must be between 1 and 3600 (was {ServiceLevelSeconds}).");
        }

        if (UtcOffset < TimeSpan.FromHours(-14) || UtcOffset > TimeSpan.FromHours(14))
        {
            throw new InvalidOperationException($"Wallboard:UtcOffset must be between -14:00 and +14:00 (was {UtcOffset}).");
        }

        if (PushIntervalMs is < 50 or > 10_000)
        {
            throw new InvalidOperationException($"Wallboard:PushIntervalMs must be between 50 and 10000 (was {PushIntervalMs}).");
        }
    }

    /// <summary>Start of the local day containing <paramref name="at"/>, as a UTC instant.</summary>
    public DateTimeOffset DayStart(DateTimeOffset at)
    {
        var local = at.ToOffset(UtcOffset);
        return new DateTimeOffset(local.Date, UtcOffset).ToUniversalTime();
    }
}
