namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>
/// The single overflow announcement (R-TEL-03/04): when a caller's estimated wait passes the threshold, they hear one
/// offer and may press a key for a voice message, a callback that keeps their place, or an SMS link to the online
/// channels. Not pressing anything keeps them waiting. No DTMF tree, and never on the normal path.
/// </summary>
public sealed record OverflowPolicy
{
    public bool Enabled { get; init; } = true;

    /// <summary>Estimated wait above which the offer is played once to each caller.</summary>
    public int EstimatedWaitSeconds { get; init; } = 120;

    public string VoiceMessageKey { get; init; } = "1";

    public string CallbackKey { get; init; } = "2";

    public string SmsLinkKey { get; init; } = "3";

    /// <summary>How long the caller has to press a key after the offer ends.</summary>
    public int KeyTimeoutSeconds { get; init; } = 8;
}
