namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>The window over which the 接通率 target is measured (R-TEL-02).</summary>
public enum ConnectionRateWindow
{
    /// <summary>Any continuous 24 hours (GB/T 33358).</summary>
    Rolling24Hours,

    /// <summary>The calendar year (Xi'an "全年话务接通率").</summary>
    Annual,
}
