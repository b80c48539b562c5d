using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Harness.HotlineApi;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// Replays the ACD event log (GET /api/records/events) in sequence order and lists every break of the call centre's
/// promises: a call offered to a second agent while its offer is open or after it was answered, an agent offered a
/// second call before its last one left it (wrap-up included: only AgentReady, AgentNotReady or AgentLoggedOut free
/// it), a second answer, a call that arrived, queued or ended other than exactly once, a queue visit closed other than
/// exactly once. It also keeps the facts the soak reports and checks the call records against: each call's answering
/// agent and end disposition.
/// </summary>
internal sealed class AcdEventAudit
{
    private static readonly HashSet<int> s_queueClosers =
    [
        EventKinds.OfferAnswered, EventKinds.CallAbandoned, EventKinds.CallbackRequested, EventKinds.VoiceMessageChosen, EventKinds.SmsLinkSent,
    ];

    private readonly List<string> _violations = [];
    private readonly Dictionary<string, int> _arrived = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _enqueued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _answeredBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _disposition = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _kinds = [];
    private readonly Dictionary<string, int> _lastAgentEvent = new(StringComparer.Ordinal);

    private AcdEventAudit()
    {
    }

    /// <summary>Every broken promise, one line each naming the event's sequence number; empty when the log is sound.</summary>
    public IReadOnlyList<string> Violations => _violations;

    /// <summary>Calls with a CallArrived event (callback tasks have none).</summary>
    public IReadOnlyCollection<string> ArrivedCalls => _arrived.Keys;

    /// <summary>The agent of each call's OfferAnswered.</summary>
    public IReadOnlyDictionary<string, string> AnsweredBy => _answeredBy;

    /// <summary>Each call's CallEnded disposition (its Detail).</summary>
    public IReadOnlyDictionary<string, string> Dispositions => _disposition;

    /// <summary>Abandons that came while the call's agent was ringing (the offer still open).</summary>
    public int AbandonedWhileRinging { get; private set; }

    /// <summary>Not-ready changes with a reason other than "missed" (the ones the test asked for through the API).</summary>
    public int NotReadyOnRequest { get; private set; }

    /// <summary>How many events of an AcdEventKind number.</summary>
    public int Count(int kind) => _kinds.GetValueOrDefault(kind);

    /// <summary>The state number (HotlineApi.AgentStates) the agent's last state event says it is in, or null without one.</summary>
    public int? StateByEvents(string agentId) => _lastAgentEvent.TryGetValue(agentId, out int kind) ? kind switch
    {
        EventKinds.AgentNotReady => AgentStates.NotReady,
        EventKinds.AgentReady => AgentStates.Ready,
        EventKinds.AgentLoggedOut => AgentStates.LoggedOut,
        EventKinds.AgentWrapUpStarted => AgentStates.WrapUp,
        EventKinds.CallOffered => AgentStates.Offered,
        EventKinds.OfferAnswered => AgentStates.Talking,
        _ => null,
    } : null;

    public static AcdEventAudit Of(IReadOnlyList<AcdEventView> events)
    {
        var audit = new AcdEventAudit();
        audit.Replay(events);
        return audit;
    }

    private void Replay(IReadOnlyList<AcdEventView> events)
    {
        var openOfferOfCall = new Dictionary<string, string>(StringComparer.Ordinal);
        var callOfAgent = new Dictionary<string, string>(StringComparer.Ordinal);
        var openVisits = new HashSet<string>(StringComparer.Ordinal);
        var ended = new HashSet<string>(StringComparer.Ordinal);
        long previous = 0;
        foreach (var e in events)
        {
            if (e.Sequence <= previous)
            {
                _violations.Add($"#{e.Sequence}: out of sequence after #{previous}");
            }

            previous = e.Sequence;
            _kinds[e.Kind] = _kinds.GetValueOrDefault(e.Kind) + 1;
            string call = e.CallId ?? "";
            string agent = e.AgentId ?? "";
            if (ended.Contains(call) && e.Kind is EventKinds.CallArrived or EventKinds.CallEnqueued or EventKinds.CallOffered or EventKinds.OfferAnswered)
            {
                _violations.Add($"#{e.Sequence}: event {e.Kind} for {call} after it ended");
            }

            switch (e.Kind)
            {
                case EventKinds.CallArrived:
                    _arrived[call] = _arrived.GetValueOrDefault(call) + 1;
                    if (_arrived[call] > 1)
                    {
                        _violations.Add($"#{e.Sequence}: {call} arrived twice");
                    }

                    break;

                case EventKinds.CallEnqueued:
                    _enqueued[call] = _enqueued.GetValueOrDefault(call) + 1;
                    if (!openVisits.Add(call))
                    {
                        _violations.Add($"#{e.Sequence}: {call} enqueued while already queued");
                    }

                    break;

                case EventKinds.CallOffered:
                    if (openOfferOfCall.TryGetValue(call, out var other))
                    {
                        _violations.Add($"#{e.Sequence}: {call} offered to {agent} while its offer to {other} is open");
                    }

                    if (_answeredBy.TryGetValue(call, out var answerer))
                    {
                        _violations.Add($"#{e.Sequence}: {call} offered to {agent} after {answerer} answered it");
                    }

                    if (callOfAgent.TryGetValue(agent, out var busy))
                    {
                        _violations.Add($"#{e.Sequence}: {agent} offered {call} while it still has {busy}");
                    }

                    openOfferOfCall[call] = agent;
                    callOfAgent[agent] = call;
                    _lastAgentEvent[agent] = e.Kind;
                    break;

                case EventKinds.OfferAnswered:
                    if (!openOfferOfCall.Remove(call, out var offeredTo) || offeredTo != agent)
                    {
                        _violations.Add($"#{e.Sequence}: {agent} answered {call}, which was not offered to it");
                    }

                    if (!_answeredBy.TryAdd(call, agent))
                    {
                        _violations.Add($"#{e.Sequence}: {call} answered a second time, by {agent} after {_answeredBy[call]}");
                    }

                    _lastAgentEvent[agent] = e.Kind;
                    break;

                case EventKinds.OfferMissed or EventKinds.OfferRejected or EventKinds.OfferCancelled:
                    if (!openOfferOfCall.Remove(call, out var missedBy) || missedBy != agent)
                    {
                        _violations.Add($"#{e.Sequence}: offer of {call} to {agent} ended ({e.Kind}) but was not open");
                    }

                    if (callOfAgent.TryGetValue(agent, out var held) && held == call)
                    {
                        callOfAgent.Remove(agent);
                    }

                    break;

                case EventKinds.CallAbandoned:
                    if (openOfferOfCall.ContainsKey(call))
                    {
                        AbandonedWhileRinging++;
                    }

                    break;

                case EventKinds.CallEnded:
                    if (!ended.Add(call))
                    {
                        _violations.Add($"#{e.Sequence}: {call} ended twice");
                    }

                    _disposition[call] = e.Detail ?? "";
                    if (openOfferOfCall.ContainsKey(call))
                    {
                        _violations.Add($"#{e.Sequence}: {call} ended with its offer to {openOfferOfCall[call]} still open");
                    }

                    if (openVisits.Contains(call))
                    {
                        _violations.Add($"#{e.Sequence}: {call} ended while still queued");
                    }

                    break;

                case EventKinds.AgentWrapUpStarted:
                    _lastAgentEvent[agent] = e.Kind;
                    break;

                // Only these free the agent for another offer: wrap-up still belongs to the last call.
                case EventKinds.AgentReady or EventKinds.AgentNotReady or EventKinds.AgentLoggedOut:
                    if (callOfAgent.Remove(agent, out var pending) && openOfferOfCall.TryGetValue(pending, out var ringing) && ringing == agent)
                    {
                        _violations.Add($"#{e.Sequence}: {agent} changed state ({e.Kind}) while {pending} rings it");
                    }

                    if (e.Kind == EventKinds.AgentNotReady && e.Detail != "missed")
                    {
                        NotReadyOnRequest++;
                    }

                    _lastAgentEvent[agent] = e.Kind;
                    break;
            }

            if (s_queueClosers.Contains(e.Kind) && !openVisits.Remove(call))
            {
                _violations.Add($"#{e.Sequence}: {e.Kind} for {call} closes no queue visit");
            }
        }

        foreach (var call in openVisits)
        {
            _violations.Add($"{call} is still queued at the end of the log");
        }

        foreach (var (call, agent) in openOfferOfCall)
        {
            _violations.Add($"{call} still rings {agent} at the end of the log");
        }

        foreach (var call in _arrived.Keys.Where(c => !ended.Contains(c)))
        {
            _violations.Add($"{call} arrived but never ended");
        }
    }
}
