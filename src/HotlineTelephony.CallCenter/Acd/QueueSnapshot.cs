namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// Live counters of a queue since its grain was activated. <see cref="Entered"/> counts every CallEnqueued (re-entries and
/// callback tasks included); <see cref="Abandoned"/> counts every abandon and <see cref="ShortAbandoned"/> the short ones
/// among them; <see cref="Diverted"/> counts callbacks requested, voice messages and SMS links.
/// </summary>
public sealed record QueueSnapshot(
    string QueueId,
    long Entered,
    long Answered,
    long AnsweredWithinServiceLevel,
    long Abandoned,
    long ShortAbandoned,
    long Diverted,
    int Waiting,
    DateTimeOffset? LongestWaitStart,
    IReadOnlyDictionary<AgentState, int> AgentsByState,
    TimeSpan AverageHandleTime,
    TimeSpan EstimatedWaitForNewCaller);
