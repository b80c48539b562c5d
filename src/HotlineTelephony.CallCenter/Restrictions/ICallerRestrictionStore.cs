namespace HotlineTelephony.CallCenter.Restrictions;

/// <summary>
/// Where the restriction list and its audit outlive the process. Writes are synchronous and throw on failure: a
/// supervisor's change that could not be stored is reported to them, never kept only in memory.
/// </summary>
public interface ICallerRestrictionStore
{
    IReadOnlyList<CallerRestriction> LoadListings();

    IReadOnlyList<RestrictionAuditEntry> LoadAudit();

    /// <summary>Stores the number's listing (null: the number is no longer listed) and the audit entry, in one transaction.</summary>
    void Save(string number, CallerRestriction? listing, RestrictionAuditEntry entry);
}
