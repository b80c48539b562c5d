namespace HotlineTelephony.CallCenter.Calls;

/// <summary>How ringing an agent (or dialling a third party) ended.</summary>
public enum OfferOutcome
{
    /// <summary>Answered; the caller and the agent are bridged.</summary>
    Answered,

    /// <summary>Rang for the whole ring timeout.</summary>
    NoAnswer,

    /// <summary>Busy, declined, or another final failure response.</summary>
    Rejected,

    /// <summary>The agent's phone is not registered or unreachable.</summary>
    Unreachable,

    /// <summary>The caller hung up (or the call otherwise ended) while the agent was ringing.</summary>
    CallGone,
}
