namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>What a priority rule tests about a call.</summary>
public enum PriorityCondition
{
    /// <summary>The call arrived on the named trunk.</summary>
    Trunk,

    /// <summary>The caller's number is on the named caller list (kept by the ticket back end, e.g. enterprise 直通车).</summary>
    CallerList,

    /// <summary>The caller has an open ticket.</summary>
    OpenTicket,

    /// <summary>The call was dialled to the named number route (its <c>number</c> as written).</summary>
    DialledNumber,
}
