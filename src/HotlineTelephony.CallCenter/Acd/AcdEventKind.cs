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
    /// <summary>A voice message was recorded and stored; Detail = its recording reference (the path /api/voice-messages lists).</summary>
    VoiceMessageLeft = 14,
    CallbackRequested = 15,
    SmsLinkSent = 16,
    /// <summary>A callback task is offered to (rings) an agent; AgentId = that agent.</summary>
    CallbackOffered = 17,

    /// <summary>The agent answered the callback task; the server is about to dial the caller.</summary>
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

    /// <summary>The server dials the caller of a callback task its agent accepted; Detail = attempt number (1, 2, …).</summary>
    CallbackDialled = 29,

    /// <summary>A callback dial was busy, unanswered or failed and will be tried again; Detail = the outcome.</summary>
    CallbackRetryScheduled = 30,

    /// <summary>The caller chose a voice message in the overflow offer: closes the wait (the message itself is VoiceMessageLeft).</summary>
    VoiceMessageChosen = 31,

    /// <summary>An agent dealt with a voice message (listened, called back or made a ticket); Detail = the agent or user.</summary>
    VoiceMessageHandled = 32,

    // Agents
    AgentLoggedIn = 100,
    AgentLoggedOut = 101,
    AgentReady = 102,
    AgentNotReady = 103,
    AgentWrapUpStarted = 104,
    AgentWrapUpEnded = 105,
    AgentMissedTooMany = 106,
}
