namespace HotlineTelephony.CallCenter.Metrics;

/// <summary>
/// One queue's counters over a <see cref="MetricsWindow"/> plus its "now" values. Counters and durations are exact
/// integers (durations in ticks); the percentages are derived from them on read and never accumulated, so a live
/// value and an offline recompute from the event log are equal whenever the counters are. Definitions: docs/metrics.md.
/// </summary>
public sealed record QueueMetrics
{
    public required string QueueId { get; init; }

    /// <summary>Service-level threshold used for this queue (QueueDefinition.ServiceLevelSeconds).</summary>
    public int ServiceLevelSeconds { get; init; }

    // Inbound callers (CallEnqueued with Detail null or "reentry"), counted by the window of their entry.

    public long Entered { get; init; }

    /// <summary>Of <see cref="Entered"/>: callers who abandoned and called again and got their old place back.</summary>
    public long Reentered { get; init; }

    public long Answered { get; init; }

    /// <summary>Answered with OfferAnswered.At − CallEnqueued.At ≤ the service-level threshold.</summary>
    public long AnsweredWithinServiceLevel { get; init; }

    /// <summary>Every CallAbandoned, short ones included.</summary>
    public long Abandoned { get; init; }

    /// <summary>Of <see cref="Abandoned"/>: CallAbandoned with Detail "short".</summary>
    public long ShortAbandoned { get; init; }

    /// <summary>Of <see cref="Abandoned"/>: CallAbandoned.At − CallEnqueued.At ≤ the threshold (AST SL2).</summary>
    public long AbandonedWithinServiceLevel { get; init; }

    /// <summary>Callers who left the queue for a callback, a voice message or an SMS link.</summary>
    public long Diverted { get; init; }

    public long CallbacksRequested { get; init; }

    /// <summary>Of <see cref="Diverted"/>: callers who chose a voice message (VoiceMessageChosen).</summary>
    public long VoiceMessagesChosen { get; init; }

    public long SmsLinksSent { get; init; }

    /// <summary>Callers moved to another queue by a second CallEnqueued (overflow); they count in that queue too.</summary>
    public long MovedOut { get; init; }

    /// <summary>Sum over answered callers of OfferAnswered.At − CallEnqueued.At.</summary>
    public TimeSpan TotalAnswerWait { get; init; }

    // Callback tasks (CallEnqueued with Detail "callback"): agent work, not inbound traffic.

    public long CallbackTasksEntered { get; init; }

    public long CallbackTasksAnswered { get; init; }

    public long CallbacksCompleted { get; init; }

    public long CallbacksFailed { get; init; }

    /// <summary>CallbackDialled events (each dial of a callback's caller) whose At falls in the window.</summary>
    public long CallbackAttempts { get; init; }

    /// <summary>CallbackRetryScheduled events (a dial failed, or the agent left, and the task goes round again) in the window.</summary>
    public long CallbackRetries { get; init; }

    // Voice messages, counted by the time of their own events.

    /// <summary>VoiceMessageLeft events (messages recorded and stored) whose At falls in the window.</summary>
    public long VoiceMessagesLeft { get; init; }

    /// <summary>VoiceMessageHandled events whose At falls in the window.</summary>
    public long VoiceMessagesHandled { get; init; }

    // Offers to agents, all callers and callback tasks, counted by the window of the call's entry.

    public long Offers { get; init; }

    public long OffersMissed { get; init; }

    public long OffersRejected { get; init; }

    public long OffersCancelled { get; init; }

    // Handling, inbound and callback tasks alike.

    /// <summary>Answered calls that ended (CallEnded after OfferAnswered).</summary>
    public long Handled { get; init; }

    /// <summary>Sum over handled calls of CallEnded.At − OfferAnswered.At (talk, hold and consultation included).</summary>
    public TimeSpan TotalHandleTime { get; init; }

    /// <summary>Wrap-up periods that ended, and their summed length (from AgentWrapUpStarted to the next state event).</summary>
    public long WrapUps { get; init; }

    public TimeSpan TotalWrapUpTime { get; init; }

    // Now: independent of the window.

    public int Waiting { get; init; }

    public int CallbackTasksWaiting { get; init; }

    /// <summary>Callback tasks created (CallEnqueued "callback") and not yet ended (CallEnded): waiting, being worked or between attempts.</summary>
    public int CallbackTasksPending { get; init; }

    /// <summary>Voice messages left (VoiceMessageLeft) and not yet handled (VoiceMessageHandled).</summary>
    public int VoiceMessagesPending { get; init; }

    /// <summary>CallEnqueued.At of the longest-waiting inbound caller, if any.</summary>
    public DateTimeOffset? OldestWaitingSince { get; init; }

    /// <summary>Snapshot time − <see cref="OldestWaitingSince"/>, zero when nobody waits.</summary>
    public TimeSpan LongestWait { get; init; }

    // Derived values: null when the denominator is zero.

    /// <summary>Inbound callers whose queue visit ended here, minus short abandons: the 12345 denominator.</summary>
    public long CountedOutcomes => Answered + Abandoned + Diverted - ShortAbandoned;

    /// <summary>15-second answer rate (15秒接通率): answered within threshold / counted outcomes.</summary>
    public double? ServiceLevelPercent => Percent(AnsweredWithinServiceLevel, CountedOutcomes);

    /// <summary>Connection rate (接通率, R-TEL-02): answered / counted outcomes.</summary>
    public double? ConnectionRatePercent => Percent(Answered, CountedOutcomes);

    /// <summary>AST SL1: answered within threshold / answered.</summary>
    public double? ServiceLevel1Percent => Percent(AnsweredWithinServiceLevel, Answered);

    /// <summary>AST SL2: (answered + abandoned within threshold) / (answered + abandoned).</summary>
    public double? ServiceLevel2Percent =>
        Percent(AnsweredWithinServiceLevel + AbandonedWithinServiceLevel, Answered + Abandoned);

    /// <summary>Abandon rate: long abandons / counted outcomes.</summary>
    public double? AbandonRatePercent => Percent(Abandoned - ShortAbandoned, CountedOutcomes);

    /// <summary>Average speed of answer (ticks truncated).</summary>
    public TimeSpan? AverageSpeedOfAnswer => Average(TotalAnswerWait, Answered);

    public TimeSpan? AverageHandleTime => Average(TotalHandleTime, Handled);

    public TimeSpan? AverageWrapUpTime => Average(TotalWrapUpTime, WrapUps);

    /// <summary>
    /// The counters the live ACD keeps and the offline replay must reproduce exactly, by name, for field-by-field
    /// comparison (<see cref="MetricsSnapshot.Differences"/>).
    /// </summary>
    public IEnumerable<KeyValuePair<string, long>> Counters()
    {
        yield return new(nameof(Entered), Entered);
        yield return new(nameof(Reentered), Reentered);
        yield return new(nameof(Answered), Answered);
        yield return new(nameof(AnsweredWithinServiceLevel), AnsweredWithinServiceLevel);
        yield return new(nameof(Abandoned), Abandoned);
        yield return new(nameof(ShortAbandoned), ShortAbandoned);
        yield return new(nameof(AbandonedWithinServiceLevel), AbandonedWithinServiceLevel);
        yield return new(nameof(Diverted), Diverted);
        yield return new(nameof(CallbacksRequested), CallbacksRequested);
        yield return new(nameof(VoiceMessagesChosen), VoiceMessagesChosen);
        yield return new(nameof(SmsLinksSent), SmsLinksSent);
        yield return new(nameof(MovedOut), MovedOut);
        yield return new(nameof(TotalAnswerWait) + "Ticks", TotalAnswerWait.Ticks);
        yield return new(nameof(CallbackTasksEntered), CallbackTasksEntered);
        yield return new(nameof(CallbackTasksAnswered), CallbackTasksAnswered);
        yield return new(nameof(CallbacksCompleted), CallbacksCompleted);
        yield return new(nameof(CallbacksFailed), CallbacksFailed);
        yield return new(nameof(CallbackAttempts), CallbackAttempts);
        yield return new(nameof(CallbackRetries), CallbackRetries);
        yield return new(nameof(VoiceMessagesLeft), VoiceMessagesLeft);
        yield return new(nameof(VoiceMessagesHandled), VoiceMessagesHandled);
        yield return new(nameof(Offers), Offers);
        yield return new(nameof(OffersMissed), OffersMissed);
        yield return new(nameof(OffersRejected), OffersRejected);
        yield return new(nameof(OffersCancelled), OffersCancelled);
        yield return new(nameof(Handled), Handled);
        yield return new(nameof(TotalHandleTime) + "Ticks", TotalHandleTime.Ticks);
        yield return new(nameof(WrapUps), WrapUps);
        yield return new(nameof(TotalWrapUpTime) + "Ticks", TotalWrapUpTime.Ticks);
        yield return new(nameof(Waiting), Waiting);
        yield return new(nameof(CallbackTasksWaiting), CallbackTasksWaiting);
        yield return new(nameof(CallbackTasksPending), CallbackTasksPending);
        yield return new(nameof(VoiceMessagesPending), VoiceMessagesPending);
        // The oldest caller's entry time rather than LongestWait, which also depends on the snapshot's "now".
        yield return new(nameof(OldestWaitingSince) + "UtcTicks", OldestWaitingSince?.UtcTicks ?? 0);
    }

    private static double? Percent(long numerator, long denominator) =>
        denominator <= 0 ? null : 100.0 * numerator / denominator;

    private static TimeSpan? Average(TimeSpan total, long count) =>
        count <= 0 ? null : TimeSpan.FromTicks(total.Ticks / count);
}
