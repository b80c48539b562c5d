using HotlineTelephony.CallCenter.Grains;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// One ACD queue (key = queue id, configured from its <see cref="Dialplans.Model.QueueDefinition"/> in the
/// <see cref="IQueueCatalog"/>). Call grains await it; it awaits only agent grains (reservations) and tells call grains
/// what to do with one-way calls, so awaited calls always flow call → queue → agent and never cycle.
/// </summary>
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds the caller at its place and appends CallEnqueued; repeated calls for one call id are ignored.</summary>
    Task<EnqueueResult> EnqueueAsync(WaitingCall call);

    /// <summary>Removes a waiting caller and appends the event that closes its CallEnqueued.</summary>
    Task LeaveAsync(string callId, QueueExit exit);

    /// <summary>The offer to <paramref name="agentId"/> ended: answered (the caller leaves) or not (the caller keeps its place).</summary>
    Task OfferEndedAsync(string callId, string agentId, bool answered);

    /// <summary>An answered call ended after <paramref name="talkTime"/>; feeds the average handle time.</summary>
    [OneWay]
    Task CallCompletedAsync(string callId, TimeSpan talkTime);

    /// <summary>An agent of this queue changed state (sent by the agent grain after every change, in order).</summary>
    [OneWay]
    Task AgentChangedAsync(AgentStatus status);

    /// <summary>
    /// The agent chose this queue in arbitration <paramref name="round"/>: offer it this queue's best waiting caller it
    /// may take now, or tell it the grant is unused.
    /// </summary>
    [OneWay]
    Task GrantAsync(string agentId, int round);

    /// <summary>
    /// An agent picked waiting callback task <paramref name="taskId"/> on the desktop: offer it to exactly that agent, as
    /// this queue would have (CallOffered and CallbackOffered with Detail "chosen"; no answer puts it back at its place),
    /// or say why not. The task must be waiting and not being offered; the agent must meet the queue's skills at the
    /// task's widening step and be free (<see cref="IAgentGrain.TryReserveChosenAsync"/> decides).
    /// </summary>
    Task<CallbackPick> OfferChosenCallbackAsync(string taskId, string agentId);

    Task<QueueSnapshot> GetSnapshotAsync();

    /// <summary>Waiting call ids, head first.</summary>
    Task<IReadOnlyList<string>> GetWaitingOrderAsync();
}
