using System.Globalization;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Metrics;

namespace HotlineTelephony.Server.Web.Wallboard;

/// <summary>
/// Every wallboard figure as a fold over the ACD event log for one local day: the day's queue counters come from two
/// <see cref="MetricsFold"/>s over the day's window (one with the 15 s threshold for the 15-second answer rate, one
/// with the configured service-level threshold), the rolling 24 h connection rate from
/// <see cref="RollingConnectionRate"/>, plus wrap-up countdowns and emergency transfers. The same code serves the
/// live wallboard (events applied as appended) and the audit (a replay of the persisted log), so both agree exactly.
/// Not thread-safe: one writer. Formulas: docs/metrics.md.
/// </summary>
public sealed class WallboardFold
{
    private const int FifteenSeconds = 15;

    private readonly MetricsFold _fifteen;
    private readonly MetricsFold _serviceLevel;
    private readonly MetricsFold _session;
    private readonly long _sessionStart;
    private readonly RollingConnectionRate _rolling = new();
    private readonly Dictionary<string, (DateTimeOffset Since, int Seconds)> _wrapUps = new(StringComparer.Ordinal);
    private readonly int _agentCount;
    private readonly int _serviceLevelSeconds;
    private long _emergencyTransfers;
    private long _ticketsToday;

    /// <param name="sessionStart">
    /// The last sequence number appended before this server started. The day's counters count every event, but the
    /// now-values (who waits, agents by state, wrap-ups, callback tasks) only events after it: a restart ends every
    /// call and agent session, which leave no closing events behind.
    /// </param>
    public WallboardFold(Dialplan plan, WallboardOptions options, DateTimeOffset dayStart, long sessionStart = 0)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        Day = new MetricsWindow(dayStart, dayStart.AddDays(1));
        _sessionStart = sessionStart;
        _agentCount = plan.Agents.Count;
        _serviceLevelSeconds = options.ServiceLevelSeconds;
        _fifteen = new MetricsFold(Definitions(plan, FifteenSeconds), Day);
        _serviceLevel = options.ServiceLevelSeconds == FifteenSeconds ? _fifteen : new MetricsFold(Definitions(plan, options.ServiceLevelSeconds), Day);
        _session = new MetricsFold(Definitions(plan, FifteenSeconds), MetricsWindow.Unbounded);
    }

    /// <summary>The local day this fold counts "today" over.</summary>
    public MetricsWindow Day { get; }

    public long LastSequence => _fifteen.LastSequence;

    public long TicketsToday => _ticketsToday;

    /// <summary>A whole log replayed into a new fold: the recomputation the live figures must equal.</summary>
    public static WallboardFold Replay(IReadOnlyList<AcdEvent> events, Dialplan plan, WallboardOptions options, DateTimeOffset dayStart, long sessionStart = 0, long upToSequence = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fold = new WallboardFold(plan, options, dayStart, sessionStart);
        foreach (var evt in events)
        {
            if (evt.Sequence <= upToSequence)
            {
                fold.Apply(evt);
            }
        }

        return fold;
    }

    public void Apply(AcdEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        _fifteen.Apply(evt);
        if (!ReferenceEquals(_serviceLevel, _fifteen))
        {
            _serviceLevel.Apply(evt);
        }

        _rolling.Apply(evt);
        if (evt.Kind == AcdEventKind.EmergencyTransferStarted && Day.Contains(evt.At))
        {
            _emergencyTransfers++;
        }

        if (evt.Sequence <= _sessionStart)
        {
            return;
        }

        _session.Apply(evt);
        switch (evt.Kind)
        {
            case AcdEventKind.AgentWrapUpStarted when evt.AgentId is { } agentId:
                _wrapUps[agentId] = (evt.At, int.TryParse(evt.Detail, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) ? seconds : 0);
                break;
            case AcdEventKind.AgentWrapUpEnded or AcdEventKind.AgentReady or AcdEventKind.AgentNotReady
                or AcdEventKind.AgentLoggedOut or AcdEventKind.AgentLoggedIn or AcdEventKind.CallOffered when evt.AgentId is { } agentId:
                _wrapUps.Remove(agentId);
                break;
        }
    }

    /// <summary>
    /// A ticket was created at <paramref name="at"/> (the tickets are not in the ACD log; see docs/metrics.md). Its
    /// number's day sequence (NNNNNN of 12345-YYYYMMDD-NNNNNN, gap-free) is the day's count so far, so a push seen twice
    /// or a ticket already in the count from the database is not counted again; 0 when the number is not ours.
    /// </summary>
    public void TicketCreated(DateTimeOffset at, long daySequence)
    {
        if (Day.Contains(at))
        {
            _ticketsToday = daySequence > 0 ? Math.Max(_ticketsToday, daySequence) : _ticketsToday + 1;
        }
    }

    /// <summary>Carries the day's ticket count into a fold rebuilt from the log (which has no tickets).</summary>
    public void SetTicketsToday(long count) => _ticketsToday = count;

    public WallboardFigures Figures(DateTimeOffset now)
    {
        var fifteen = _fifteen.Snapshot(now);
        var level = ReferenceEquals(_serviceLevel, _fifteen) ? fifteen : _serviceLevel.Snapshot(now);
        var session = _session.Snapshot(now);
        var queues = new List<QueueFigures>(fifteen.Queues.Count);
        var total = new Totals();
        int callbacks = 0;
        long voiceMessages = 0;
        foreach (var (queueId, metrics) in fifteen.Queues)
        {
            var withLevel = level.Queues[queueId];
            var present = session.Queues.GetValueOrDefault(queueId);
            var totals = new Totals().Add(metrics, withLevel.AnsweredWithinServiceLevel, present);
            queues.Add(Figures(queueId, totals, _rolling.Rate(queueId, now)));
            total = total.Add(metrics, withLevel.AnsweredWithinServiceLevel, present);
            callbacks += present?.CallbackTasksWaiting ?? 0;
            voiceMessages += metrics.VoiceMessagesPending;
        }

        var agents = session.Agents;
        var wrapUps = _wrapUps
            .OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => new WrapUpFigure(w.Key, SecondsLeft(w.Value.Since, w.Value.Seconds, now)))
            .ToList();
        return new WallboardFigures(
            now,
            Figures("*", total, _rolling.Rate(null, now)),
            queues,
            new AgentFigures(Math.Max(0, _agentCount - agents.LoggedIn), agents.Ready, agents.NotReady, agents.Offered, agents.Talking, agents.WrapUp),
            wrapUps,
            callbacks,
            voiceMessages,
            _emergencyTransfers,
            _ticketsToday);
    }

    private QueueFigures Figures(string queue, Totals t, double? rate24h) => new(
        queue,
        t.Waiting,
        (int)t.LongestWait.TotalSeconds,
        // A caller moved on by overflow entered two queues but is one call of the centre.
        queue == "*" ? t.Entered - t.MovedOut : t.Entered,
        t.Answered,
        t.Abandoned,
        t.ShortAbandoned,
        Rate(t.AnsweredWithin15, t.Counted),
        Rate(t.Answered, t.Counted),
        rate24h,
        Rate(t.AnsweredWithinLevel, t.Counted),
        _serviceLevelSeconds,
        t.Answered <= 0 ? null : TimeSpan.FromTicks(t.AnswerWaitTicks / t.Answered).TotalSeconds,
        t.Handled <= 0 ? null : TimeSpan.FromTicks(t.HandleTicks / t.Handled).TotalSeconds);

    private static double? Rate(long numerator, long denominator) => denominator <= 0 ? null : (double)numerator / denominator;

    private static int SecondsLeft(DateTimeOffset since, int seconds, DateTimeOffset now) =>
        Math.Max(0, (int)Math.Ceiling((since.AddSeconds(seconds) - now).TotalSeconds));

    private static Dictionary<string, QueueDefinition> Definitions(Dialplan plan, int serviceLevelSeconds) =>
        plan.Queues.ToDictionary(q => q.Id, q => q with { ServiceLevelSeconds = serviceLevelSeconds }, StringComparer.Ordinal);

    /// <summary>Integer sums over queues; every figure is derived from these, never accumulated as a ratio.</summary>
    private readonly record struct Totals(
        int Waiting,
        TimeSpan LongestWait,
        long Entered,
        long MovedOut,
        long Answered,
        long Abandoned,
        long ShortAbandoned,
        long Counted,
        long AnsweredWithin15,
        long AnsweredWithinLevel,
        long AnswerWaitTicks,
        long Handled,
        long HandleTicks)
    {
        /// <param name="present">The queue's now-values (since this server started), or null when nothing happened in it since.</param>
        public Totals Add(QueueMetrics m, long answeredWithinLevel, QueueMetrics? present) => new(
            Waiting + (present?.Waiting ?? 0),
            present is { } p && p.LongestWait > LongestWait ? p.LongestWait : LongestWait,
            Entered + m.Entered,
            MovedOut + m.MovedOut,
            Answered + m.Answered,
            Abandoned + m.Abandoned,
            ShortAbandoned + m.ShortAbandoned,
            Counted + m.CountedOutcomes,
            AnsweredWithin15 + m.AnsweredWithinServiceLevel,
            AnsweredWithinLevel + answeredWithinLevel,
            AnswerWaitTicks + m.TotalAnswerWait.Ticks,
            Handled + m.Handled,
            HandleTicks + m.TotalHandleTime.Ticks);
    }
}
