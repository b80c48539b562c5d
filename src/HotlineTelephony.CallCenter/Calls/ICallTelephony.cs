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
}
