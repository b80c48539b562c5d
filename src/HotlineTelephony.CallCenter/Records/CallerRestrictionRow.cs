namespace HotlineTelephony.CallCenter.Records;

/// <summary>A row of the restriction list (table caller_restrictions), one per listed number.</summary>
public sealed class CallerRestrictionRow
{
    public required string Number { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public required string ListedBy { get; set; }
}
