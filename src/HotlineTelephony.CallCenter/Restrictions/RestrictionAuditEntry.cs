namespace HotlineTelephony.CallCenter.Restrictions;

/// <summary>One change to the restriction list: who did what to which number, when and why (every change is audited).</summary>
public sealed record RestrictionAuditEntry(
    DateTimeOffset At,
    string Number,
    RestrictionAuditAction Action,
    string By,
    string Reason,
    DateTimeOffset? Start = null,
    DateTimeOffset? End = null);

public enum RestrictionAuditAction
{
    Listed,
    Changed,
    Lifted,
    Expired,

    /// <summary>A restricted caller pressed the emergency key and was put through to an agent.</summary>
    EmergencyOverride,
}
