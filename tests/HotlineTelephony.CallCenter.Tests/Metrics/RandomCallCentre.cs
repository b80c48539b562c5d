using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.CallCenter.Tests.Metrics;

/// <summary>
/// A seeded generator of event logs that keep the event contract: two queues with their own agents, calls that are
/// answered (some after a missed offer), abandoned (short, long, while ringing), diverted, re-entered or left waiting,
/// callback tasks, wrap-up of zero or more seconds. The two queues' events are merged in time order.
/// </summary>
internal sealed class RandomCallCentre(int seed)
{
    private readonly Random _random = new(seed);

    public List<AcdEvent> Run(int calls)
    {
        var lanes = new[] { Lane("q1", ["a1", "a2", "a3"], calls / 2), Lane("q2", ["b1", "b2"], calls - calls / 2) };
        var merged = lanes.SelectMany((events, lane) => events.Select((e, i) => (e, lane, i)))
            .OrderBy(x => x.e.At).ThenBy(x => x.lane).ThenBy(x => x.i)
            .Select((x, i) => x.e with { Sequence = i + 1 })
            .ToList();
        return merged;
    }

    private List<AcdEvent> Lane(string queue, string[] agents, int calls)
    {
        var events = new List<AcdEvent>();
        var t = EventScript.Start;
        void Add(AcdEventKind kind, string? call = null, string? agent = null, string? detail = null) =>
            events.Add(new AcdEvent(t, kind, call, queue, agent, detail));
        void Advance(int minMs, int maxMs) => t = t.AddMilliseconds(_random.Next(minMs, maxMs));

        foreach (var agent in agents)
        {
            Add(AcdEventKind.AgentLoggedIn, agent: agent);
            Add(AcdEventKind.AgentReady, agent: agent);
        }

        for (var i = 0; i < calls; i++)
        {
            var call = $"{queue}-c{i}";
            var agent = agents[_random.Next(agents.Length)];
            var other = agents[(Array.IndexOf(agents, agent) + 1) % agents.Length];
            var roll = _random.Next(100);
            var detail = roll % 10 == 0 ? "reentry" : roll % 17 == 0 ? "callback" : null;
            Advance(1000, 20_000);
            Add(AcdEventKind.CallEnqueued, call, detail: detail);
            Advance(0, 30_000);
            if (roll < 55)
            {
                if (roll < 10)
                {
                    Add(AcdEventKind.CallOffered, call, agent);
                    Advance(15_000, 15_001);
                    Add(AcdEventKind.OfferMissed, call, agent, "1");
                    Add(AcdEventKind.AgentNotReady, agent: agent, detail: "missed");
                    (agent, other) = (other, agent);
                }

                Add(AcdEventKind.CallOffered, call, agent);
                Advance(500, 6000);
                Add(AcdEventKind.OfferAnswered, call, agent);
                Advance(20_000, 400_000);
                Add(AcdEventKind.CallEnded, call, agent, "completed");
                if (roll % 2 == 0)
                {
                    Add(AcdEventKind.AgentWrapUpStarted, agent: agent);
                    Advance(0, 20_000);
                    Add(AcdEventKind.AgentWrapUpEnded, agent: agent);
                }

                Add(AcdEventKind.AgentReady, agent: agent);
                if (roll < 10)
                {
                    Add(AcdEventKind.AgentReady, agent: other);
                }
            }
            else if (roll < 75)
            {
                var ringing = roll < 62;
                if (ringing)
                {
                    Add(AcdEventKind.CallOffered, call, agent);
                    Advance(100, 10_000);
                }

                Add(AcdEventKind.CallAbandoned, call, detail: roll < 66 ? "short" : "long");
                if (ringing)
                {
                    Add(AcdEventKind.OfferCancelled, call, agent);
                    Add(AcdEventKind.AgentReady, agent: agent);
                }

                Add(AcdEventKind.CallEnded, call, detail: "abandoned");
            }
            else if (roll < 90)
            {
                var kind = (roll % 3) switch
                {
                    0 => AcdEventKind.CallbackRequested,
                    1 => AcdEventKind.VoiceMessageChosen,
                    _ => AcdEventKind.SmsLinkSent,
                };
                Add(kind, call);
                Add(AcdEventKind.CallEnded, call, detail: kind.ToString());
            }
            else if (i >= calls - 20)
            {
                // Left waiting at the end of the log.
            }
            else
            {
                Add(AcdEventKind.CallAbandoned, call, detail: "long");
                Add(AcdEventKind.CallEnded, call, detail: "abandoned");
            }
        }

        return events;
    }
}
