namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// Caller priority: a higher value is served first; equal priorities are served in order of arrival (or of the place
/// kept by a callback or a re-entry). The named levels are the defaults a dialplan can override.
/// </summary>
public static class CallPriority
{
    public const int Normal = 0;

    /// <summary>Callers with an open ticket about the same matter.</summary>
    public const int OpenTicket = 10;

    /// <summary>Urgent water, power, gas and heating (水电气热) outages.</summary>
    public const int UrgentUtility = 20;

    /// <summary>Enterprise 直通车 callers.</summary>
    public const int Enterprise = 20;

    /// <summary>Calls transferred in from the 110 platform (R-TEL-10).</summary>
    public const int TransferFrom110 = 50;
}
