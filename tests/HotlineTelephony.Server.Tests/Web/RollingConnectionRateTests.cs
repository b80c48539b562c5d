using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Metrics;
using HotlineTelephony.Server.Web.Wallboard;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>R-TEL-02: the live rolling 24 h connection rate equals MetricsFold replayed over [now − 24 h, now].</summary>
public sealed class RollingConnectionRateTests
{
    private static readonly Dictionary<string, QueueDefinition> s_queues = new(StringComparer.Ordinal)
    {
        ["general"] = new QueueDefinition { Id = "general" },
        ["expert"] = new QueueDefinition { Id = "expert" },
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void R_TEL_02_RollingRateEqualsAReplayOverTheLast24Hours(int seed)
    {
        var events = Calls(new Random(seed), DateTimeOffset.Parse("2026-11-20T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), hours: 72);
        var rolling = new RollingConnectionRate();
        int checkpoints = 0;
        for (int i = 0; i < events.Count; i++)
        {
            rolling.Apply(events[i]);
            if (i % 97 != 0 && i != events.Count - 1)
            {
                continue;
            }

            var now = events[i].At;
            var replay = MetricsFold.Replay(events.Take(i + 1).ToList(), s_queues, new MetricsWindow(now - RollingConnectionRate.Window, now.AddTicks(1)), now);
            foreach (var queue in s_queues.Keys)
            {
                var m = replay.Queues[queue];
                double? expected = m.CountedOutcomes <= 0 ? null : (double)m.Answered / m.CountedOutcomes;
                Assert.Equal(expected, rolling.Rate(queue, now));
            }

            long answered = replay.Queues.Values.Sum(q => q.Answered);
            long counted = replay.Queues.Values.Sum(q => q.CountedOutcomes);
            Assert.Equal(counted <= 0 ? null : (double)answered / counted, rolling.Rate(null, now));
            checkpoints++;
        }

        Assert.True(checkpoints > 10);
    }

    /// <summary>Callers arriving every few minutes; answered, abandoned (some short) or diverted; some overflow.</summary>
    private static List<AcdEvent> Calls(Random random, DateTimeOffset start, int hours)
    {
        var events = new List<(AcdEvent Event, int Order)>();
        var at = start;
        int n = 0;
        while (at < start.AddHours(hours))
        {
            at = at.AddSeconds(random.Next(30, 900));
            string callId = "c" + n++;
            string queue = random.Next(4) == 0 ? "expert" : "general";
            var enqueued = at;
            events.Add((new AcdEvent(enqueued, AcdEventKind.CallEnqueued, callId, queue), events.Count));
            if (random.Next(10) == 0)
            {
                queue = queue == "general" ? "expert" : "general";
                enqueued = enqueued.AddSeconds(random.Next(1, 60));
                events.Add((new AcdEvent(enqueued, AcdEventKind.CallEnqueued, callId, queue), events.Count));
            }

            var end = enqueued.AddSeconds(random.Next(0, 120));
            switch (random.Next(6))
            {
                case 0:
                    events.Add((new AcdEvent(end, AcdEventKind.CallAbandoned, callId, queue, Detail: random.Next(2) == 0 ? "short" : null), events.Count));
                    break;
                case 1:
                    events.Add((new AcdEvent(end, AcdEventKind.VoiceMessageChosen, callId, queue), events.Count));
                    break;
                default:
                    events.Add((new AcdEvent(end, AcdEventKind.CallOffered, callId, queue, "a1"), events.Count));
                    events.Add((new AcdEvent(end, AcdEventKind.OfferAnswered, callId, queue, "a1"), events.Count));
                    break;
            }
        }

        // Log order is time order (ties keep their order of creation), with sequence numbers as the log gives them.
        return events.OrderBy(e => e.Event.At).ThenBy(e => e.Order).Select((e, i) => e.Event with { Sequence = i + 1 }).ToList();
    }
}
