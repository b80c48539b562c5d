using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// The single authority on one agent's state (key = agent id). Queues reserve through <see cref="TryReserveAsync"/>;
/// the call grain reports how the offer and the call ended. The agent grain awaits nobody: it tells its queues about
/// every change with one-way calls, so no chain of awaited calls can come back to it.
/// </summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Logs the agent in: Ready, or NotReady with <paramref name="notReadyReason"/> when given.</summary>
    Task LoginAsync(AgentDefinition agent, string? notReadyReason = null);

    /// <summary>Logs out now, or as soon as the current offer or call is over.</summary>
    Task LogoutAsync();

    /// <summary>Ready now (ends wrap-up early), or after the current offer or call when one is in progress.</summary>
    Task SetReadyAsync();

    /// <summary>NotReady now, or instead of Ready when the current offer, call or wrap-up ends.</summary>
    Task SetNotReadyAsync(string reason);

    Task EndWrapUpAsync();

    /// <summary>
    /// True only when the agent is Ready (and, for an agent of several queues, not choosing between them or granted to
    /// <paramref name="queueId"/>): the agent becomes Offered for exactly <paramref name="callId"/>; every other
    /// reservation is refused until the offer ends.
    /// </summary>
    Task<bool> TryReserveAsync(string callId, string queueId);

    /// <summary>
    /// The agent picked callback task <paramref name="callId"/> of <paramref name="queueId"/> on the desktop (asked by that
    /// queue, which has checked the task and the agent's skills). Reserved like <see cref="TryReserveAsync"/> (one offer at
    /// a time, CallOffered with Detail "chosen") when the agent serves the queue and has no offer, call or wrap-up: Ready,
    /// even while choosing between its queues, or NotReady (it returns to NotReady with its reason after the task).
    /// </summary>
    Task<CallbackPick> TryReserveChosenAsync(string callId, string queueId);

    /// <summary>The agent answered the offer for <paramref name="callId"/>; false when the agent is no longer offered that call.</summary>
    Task<bool> OfferAnsweredAsync(string callId);

    /// <summary>The offer ended without an answer (<see cref="OfferOutcome.CallGone"/>: cancelled); stale offers are ignored.</summary>
    Task OfferFailedAsync(string callId, OfferOutcome outcome);

    /// <summary>The call the agent was talking on ended: wrap-up (or Ready when the queue has none).</summary>
    Task CallEndedAsync(string callId);

    Task<AgentSnapshot> GetSnapshotAsync();

    /// <summary>
    /// From a queue, in answer to an arbitrating status of <paramref name="round"/>: its best waiting caller for this
    /// agent (null: none). When every queue has bid, the agent grants itself to the best bid's queue.
    /// </summary>
    [OneWay]
    Task BidAsync(int round, string queueId, QueueBid? bid);

    /// <summary>From the granted queue: the caller it bid for is gone and it has no other; the agent starts a new round.</summary>
    [OneWay]
    Task GrantUnusedAsync(int round);
}
