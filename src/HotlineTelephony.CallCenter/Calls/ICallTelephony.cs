namespace HotlineTelephony.CallCenter.Calls;

/// <summary>
/// What call grains ask of the SIP and media layers, implemented by the server host. Every method is safe to call for
/// a call that has already ended (it then does nothing, or returns <see cref="OfferOutcome.CallGone"/>). Events flow
/// the other way as grain calls: caller hung up, agent hung up, digit pressed.
/// </summary>
public interface ICallTelephony
{
    /// <summary>Plays <paramref name="announcement"/> to the waiting caller, then music on hold again; completes when it has played.</summary>
    ValueTask AnnounceAsync(string callId, Announcement announcement, CancellationToken cancellationToken = default);

    /// <summary>Rings the agent's registered phone for at most <paramref name="ringTimeout"/>; on answer the caller is bridged to the agent.</summary>
    ValueTask<OfferOutcome> RingAgentAsync(string callId, string agentId, string extension, TimeSpan ringTimeout, CancellationToken cancellationToken = default);

    /// <summary>Ends the call towards the caller (and any other leg).</summary>
    ValueTask HangUpAsync(string callId, string reason);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the caller to press one key (RFC 4733 or SIP INFO) and returns it as
    /// "0"–"9", "*" or "#"; null when nothing was pressed in time, the call ended, or <paramref name="cancellationToken"/>
    /// was cancelled. Keys pressed before the call starts listening are discarded. Music on hold continues meanwhile.
    /// </summary>
    ValueTask<string?> CollectDigitAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the caller's voice message (after the beep) until they hang up, press "#", or <paramref name="maxDuration"/>
    /// passes; returns the stored recording's reference (a path or key) or null when nothing was recorded.
    /// </summary>
    ValueTask<string?> RecordVoiceMessageAsync(string callId, TimeSpan maxDuration, CancellationToken cancellationToken = default);

    /// <summary>
    /// For a callback task <paramref name="callId"/> whose agent has answered (<see cref="RingAgentAsync"/> on a callback
    /// task rings the agent alone and leaves the agent's leg up with ringback tone): dials <paramref name="callerNumber"/>
    /// through the outbound trunk, ringing for at most <paramref name="ringTimeout"/>, and bridges it to the agent on answer.
    /// <see cref="OfferOutcome.CallGone"/> means the agent's leg ended first. Afterwards the call grain is told of hang-ups
    /// as for an inbound call (the called-back person is the "caller").
    /// </summary>
    ValueTask<OfferOutcome> DialCallbackAsync(string callId, string callerNumber, string agentId, TimeSpan ringTimeout, CancellationToken cancellationToken = default);
}
