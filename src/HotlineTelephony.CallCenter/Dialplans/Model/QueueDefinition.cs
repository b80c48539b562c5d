using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>One ACD queue as the dialplan defines it. Defaults follow GB/T 33358 practice (15 s service level).</summary>
public sealed record QueueDefinition
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    public RoutingStrategy Strategy { get; init; } = RoutingStrategy.LongestIdle;

    /// <summary>Skills an agent needs; empty means every agent of the queue qualifies.</summary>
    public IReadOnlyList<SkillRequirement> Skills { get; init; } = [];

    /// <summary>Time-based widening of <see cref="Skills"/>, in increasing <see cref="WideningStep.AfterSeconds"/>.</summary>
    public IReadOnlyList<WideningStep> Widening { get; init; } = [];

    /// <summary>How long an agent's phone rings before the offer counts as missed and the caller goes back to the head.</summary>
    public int RingTimeoutSeconds { get; init; } = 15;

    /// <summary>Consecutive missed offers after which the agent is set not-ready ("missed"); 1 behaves like autopause.</summary>
    public int MaxConsecutiveMisses { get; init; } = 2;

    /// <summary>After-call work before the agent is offered the next call; ended early by the agent.</summary>
    public int WrapUpSeconds { get; init; } = 10;

    public bool AnnouncePosition { get; init; } = true;

    public bool AnnounceEstimatedWait { get; init; } = true;

    /// <summary>Interval between position / estimated-wait announcements to each waiting caller.</summary>
    public int AnnounceEverySeconds { get; init; } = 30;

    /// <summary>A caller who abandons and calls again within this many seconds gets their old place back.</summary>
    public int AbandonedReentrySeconds { get; init; } = 60;

    /// <summary>Abandons shorter than this are short abandons: not counted as missed calls, no callback task.</summary>
    public int ShortAbandonSeconds { get; init; } = 5;

    /// <summary>Service-level threshold: answered within this many seconds counts as in service level (R-TEL-01).</summary>
    public int ServiceLevelSeconds { get; init; } = 15;

    public OverflowPolicy Overflow { get; init; } = new();

    /// <summary>The policy's <see cref="PolicyProfile.CallbackMaxAttempts"/>, copied here by the loader for the call grains.</summary>
    public int CallbackMaxAttempts { get; init; } = 3;

    /// <summary>The policy's <see cref="PolicyProfile.CallbackRetryIntervalSeconds"/>, copied here by the loader.</summary>
    public int CallbackRetryIntervalSeconds { get; init; } = 300;

    /// <summary>
    /// Weight of this queue's waiting time when an agent of several queues chooses its next caller: equal priorities
    /// are compared by wait × weight (2 makes a minute here count as two minutes elsewhere).
    /// </summary>
    public double Weight { get; init; } = 1;
}
