namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>What a trusted trunk connects to.</summary>
public enum TrunkKind
{
    /// <summary>A carrier: public callers.</summary>
    Carrier,

    /// <summary>A gateway towards the emergency services (110/119/120/122).</summary>
    Emergency,

    /// <summary>The 110 platform: calls from it are transfers in (R-TEL-10) and get <see cref="Acd.CallPriority.TransferFrom110"/>.</summary>
    Police110,
}
