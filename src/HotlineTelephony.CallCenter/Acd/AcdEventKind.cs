namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// Every queue and agent event the ACD appends to the event log. Each metric on a wallboard is a fold over these
/// (docs/metrics.md), so a kind is never reused for a different meaning; new kinds are added at the end.
/// </summary>
public enum AcdEventKind
{
    // Calls
    CallArrived = 1,
    CallEnqueued = 2,
    CallReentered = 3,
    CallOffered = 4,
    OfferAnswered = 5,
    OfferMissed = 6,
    OfferRejected = 7,
    OfferCancelled = 8,
    CallAbandoned = 9,
    CallEnded = 10,
    CallRestricted = 11,
    PositionAnnounced = 12,
    OverflowOffered = 13,
    VoiceMessageLeft = 14,
    CallbackRequested = 15,
    SmsLinkSent = 16,
    CallbackOffered = 17,
    CallbackAccepted = 18,
    CallbackCompleted = 19,
    CallbackFailed = 20,
    CallHeld = 21,
    CallResumed = 22,
    ThirdPartyDialled = 23,
    ThirdPartyJoined = 24,
    ThirdPartyLeft = 25,
    EmergencyTransferStarted = 26,
    EmergencyTransferAnswered = 27,
    EmergencyTransferFailed = 28,

    // Agents
    AgentLoggedIn = 100,
    AgentLoggedOut = 101,
    AgentReady = 102,
    AgentNotReady = 103,
    AgentWrapUpStarted = 104,
    AgentWrapUpEnded = 105,
    AgentMissedTooMany = 106,
}
