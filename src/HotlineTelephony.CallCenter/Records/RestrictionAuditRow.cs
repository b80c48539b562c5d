namespace HotlineTelephony.CallCenter.Records;

/// <summary>A row of the restriction audit (table caller_restriction_audit), append-only.</summary>
public sealed class RestrictionAuditRow
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Number { get; set; }

    public required string Action { get; set; }

    public required string By { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }
}
