namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>How a one-key emergency transfer hands the caller over (R-TEL-10, R-TEL-16).</summary>
public enum EmergencyTransferMode
{
    /// <summary>The agent stays on until the emergency service answers and has been told the matter (consultative).</summary>
    Warm,

    /// <summary>The caller is handed over at once; the agent leaves the call when the emergency leg starts ringing.</summary>
    Blind,
}
