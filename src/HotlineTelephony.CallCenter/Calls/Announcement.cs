namespace HotlineTelephony.CallCenter.Calls;

/// <summary>What to tell a caller; the telephony layer turns it into prompts (Media's PromptLibrary).</summary>
public sealed record Announcement(AnnouncementKind Kind, int Position = 0, TimeSpan EstimatedWait = default);

public enum AnnouncementKind
{
    /// <summary>"您前面还有N位" and, when known, "预计等待N分钟".</summary>
    QueuePosition,

    /// <summary>The single overflow offer: voice message, callback keeping the place, or online channels.</summary>
    OverflowOffer,

    VoiceMessageInstructions,
    RestrictedCallerNotice,
    EmergencyTransferNotice,
    TransferFailed,
    Goodbye,
}
