using HotlineTelephony.CallCenter.Grains;

namespace HotlineTelephony.CallCenter.Calls;

/// <summary>
/// One call in the ACD (key = call id; a callback task has its own id). The server host reports arrival and hang-ups;
/// the queue grain tells it, one-way, which agent to ring, when to announce and when to offer overflow; the call grain
/// reports back to the queue and the agent with awaited calls. Every call ends with exactly one CallEnded.
/// </summary>
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>Appends CallArrived and enqueues the caller; completes once the caller is waiting in the queue.</summary>
    Task ArriveAsync(CallArrival arrival);

    /// <summary>The caller hung up, at any point.</summary>
    Task CallerHungUpAsync();

    /// <summary>The agent hung up a connected call.</summary>
    Task AgentHungUpAsync();

    Task<CallSnapshot> GetSnapshotAsync();

    /// <summary>
    /// The server host has read what the call record needs: an ended call's activation goes now, not after the idle
    /// timeout (a busy centre ends thousands of calls a minute, each with its timers). A call not ended yet, or a
    /// callback task waiting for its next attempt, stays.
    /// </summary>
    [OneWay]
    Task ReleaseAsync();

    /// <summary>
    /// From the queue (or <see cref="Callbacks.CallbackRecovery"/> after a restart): starts this grain as a callback task,
    /// stores it, and enqueues it at the kept place (after <see cref="CallbackTask.NotBefore"/> when that is later).
    /// </summary>
    [OneWay]
    Task StartCallbackAsync(CallbackTask task);

    /// <summary>
    /// From the queue, after reserving the agent: ring them (or release them if the call is gone). <paramref name="chosen"/>:
    /// the agent picked this callback task on the desktop (its CallbackOffered says "chosen").
    /// </summary>
    [OneWay]
    Task OfferAsync(string agentId, string extension, TimeSpan ringTimeout, bool chosen = false);

    /// <summary>From the queue: play position and estimated wait (0 / zero when the queue does not announce that part).</summary>
    [OneWay]
    Task AnnounceAsync(int position, TimeSpan estimatedWait);

    /// <summary>From the queue: the caller's estimated wait passed the overflow threshold; play the offer once.</summary>
    [OneWay]
    Task OfferOverflowAsync();

    /// <summary>The ringing started by <see cref="OfferAsync"/> ended (sent by this grain to itself; stale offers are ignored).</summary>
    [OneWay]
    Task RingEndedAsync(int offer, OfferOutcome outcome);

    /// <summary>The caller's answer to the overflow offer (null: no key; sent by this grain to itself).</summary>
    [OneWay]
    Task OverflowChoiceAsync(string? digit);

    /// <summary>How dial number <paramref name="dial"/> to the caller of a callback task ended (sent by this grain to itself; stale dials are ignored).</summary>
    [OneWay]
    Task CallbackDialEndedAsync(int dial, OfferOutcome outcome);
}
