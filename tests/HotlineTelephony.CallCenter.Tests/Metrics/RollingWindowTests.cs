using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Metrics;

namespace HotlineTelephony.CallCenter.Tests.Metrics;

/// <summary>
/// R-TEL-02 (GB/T 33358: 接通率 ≥ 95 % in any continuous 24 h): the connection rate over the rolling last 24 hours and
/// over "today", folded from the event log, equals a recomputation done here by hand.
/// </summary>
public sealed class RollingWindowTests
{
    private static readonly TimeSpan s_beijing = TimeSpan.FromHours(8);

    private static readonly IReadOnlyDictionary<string, QueueDefinition> s_queues = new Dictionary<string, QueueDefinition>
    {
        ["q1"] = new() { Id = "q1" },
        ["q2"] = new() { Id = "q2" },
    };

    /// <summary>Answered / (answered + long abandons + diversions) of inbound callers who entered in [from, to].</summary>
    private static (long Answered, long Counted) ByHand(IReadOnlyList<AcdEvent> log, DateTimeOffset from, DateTimeOffset to)
    {
        long answered = 0, counted = 0;
        var entered = log.Where(e => e.Kind == AcdEventKind.CallEnqueued && e.Detail != "callback" && e.At >= from && e.At <= to)
            .Select(e => e.CallId!).ToHashSet();
        foreach (var callId in entered)
        {
            var close = log.FirstOrDefault(e => e.CallId == callId && e.Kind is AcdEventKind.OfferAnswered or AcdEventKind.CallAbandoned
                or AcdEventKind.CallbackRequested or AcdEventKind.VoiceMessageChosen or AcdEventKind.SmsLinkSent);
            switch (close?.Kind)
            {
                case AcdEventKind.OfferAnswered:
                    answered++;
                    counted++;
                    break;
                case AcdEventKind.CallAbandoned when close.Detail == "short":
                case null:
                    break;
                default:
                    counted++;
                    break;
            }
        }

        return (answered, counted);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public void R_TEL_02_RollingTwentyFourHourConnectionRateEqualsARecomputationFromTheLog(int seed)
    {
        var full = new RandomCallCentre(seed).Run(8000);
        Assert.True(full[^1].At - full[0].At > TimeSpan.FromHours(30), "the generated log must span more than 24 h");

        // The log as it stood at "now", some hours before its end.
        var now = full[0].At + TimeSpan.FromHours(28.5);
        var log = full.Where(e => e.At <= now).ToList();
        Assert.True(ReportingWindow.TryResolve("24h", now, s_beijing, out var window));

        var snapshot = MetricsFold.Replay(log, s_queues, window, now);
        var (answered, counted) = ByHand(log, now - TimeSpan.FromHours(24), now);

        Assert.Equal(0, snapshot.ContractViolations);
        Assert.True(counted > 500, $"{counted} calls counted");
        Assert.Equal((answered, counted), (snapshot.Answered, snapshot.CountedOutcomes));
        Assert.Equal(100.0 * answered / counted, snapshot.ConnectionRatePercent);

        // Calls older than 24 h are out: the whole log gives another figure.
        var all = MetricsFold.Replay(log, s_queues, MetricsWindow.Unbounded, now);
        Assert.True(all.CountedOutcomes > snapshot.CountedOutcomes);
    }

    [Fact]
    public void R_TEL_02_TodayStartsAtTheCentresMidnightWhileTheRollingWindowReachesBackTwentyFourHours()
    {
        // 23:50 Beijing on the 22nd: answered. 00:10 on the 23rd: a long abandon. Now: 08:00 on the 23rd (Beijing).
        var late = new DateTimeOffset(2026, 11, 22, 23, 50, 0, s_beijing);
        var early = new DateTimeOffset(2026, 11, 23, 0, 10, 0, s_beijing);
        var now = new DateTimeOffset(2026, 11, 23, 8, 0, 0, s_beijing);
        var log = new List<AcdEvent>
        {
            new(late, AcdEventKind.AgentLoggedIn, AgentId: "a1"),
            new(late, AcdEventKind.AgentReady, AgentId: "a1"),
            new(late, AcdEventKind.CallEnqueued, "c1", "q1"),
            new(late.AddSeconds(5), AcdEventKind.CallOffered, "c1", "q1", "a1"),
            new(late.AddSeconds(8), AcdEventKind.OfferAnswered, "c1", "q1", "a1"),
            new(early, AcdEventKind.CallEnqueued, "c2", "q1"),
            new(early.AddSeconds(40), AcdEventKind.CallAbandoned, "c2", "q1", Detail: "long"),
        };
        log = [.. log.Select((e, i) => e with { Sequence = i + 1 })];

        Assert.True(ReportingWindow.TryResolve("today", now, s_beijing, out var today));
        Assert.True(ReportingWindow.TryResolve("24h", now, s_beijing, out var rolling));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, s_beijing), today.From);

        Assert.Equal(0.0, MetricsFold.Replay(log, s_queues, today, now).ConnectionRatePercent);
        Assert.Equal(50.0, MetricsFold.Replay(log, s_queues, rolling, now).ConnectionRatePercent);
        Assert.False(ReportingWindow.TryResolve("week", now, s_beijing, out _));
    }
}
