namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// The answer to an agent who picked a waiting callback task on the desktop
/// (<see cref="IQueueGrain.OfferChosenCallbackAsync"/>): offered, or why not. The agent grain decides the agent's part
/// (<see cref="IAgentGrain.TryReserveChosenAsync"/>), the queue grain the task's.
/// </summary>
public enum CallbackPick
{
    /// <summary>The task is offered to the agent: their phone rings; answering accepts it.</summary>
    Offered,

    /// <summary>The task is not waiting in the queue: unknown, completed, failed, being dialled or waiting for its retry.</summary>
    TaskNotWaiting,

    /// <summary>The task is being offered to (ringing) another agent.</summary>
    TaskOffered,

    /// <summary>The agent is logged out (of this queue).</summary>
    AgentLoggedOut,

    /// <summary>The agent does not serve the task's queue.</summary>
    AgentNotInQueue,

    /// <summary>The agent lacks a skill level the queue requires for this task now (after any widening).</summary>
    AgentLacksSkills,

    /// <summary>The agent is being offered another call or is on a call.</summary>
    AgentBusy,

    /// <summary>The agent is in wrap-up after a call.</summary>
    AgentInWrapUp,
}
