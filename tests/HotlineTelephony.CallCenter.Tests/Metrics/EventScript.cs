using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.CallCenter.Tests.Metrics;

/// <summary>Builds hand-made ACD event sequences on a clock counted in seconds from a fixed start.</summary>
internal sealed class EventScript
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly List<AcdEvent> _events = [];

    public IReadOnlyList<AcdEvent> Events => _events;

    public static DateTimeOffset T(double seconds) => Start.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));

    public EventScript Add(double seconds, AcdEventKind kind, string? call = null, string? queue = null, string? agent = null, string? detail = null)
    {
        _events.Add(new AcdEvent(T(seconds), kind, call, queue, agent, detail) { Sequence = _events.Count + 1 });
        return this;
    }

    public EventScript Login(double s, string agent) => Add(s, AcdEventKind.AgentLoggedIn, agent: agent).Add(s, AcdEventKind.AgentReady, agent: agent);

    public EventScript Ready(double s, string agent) => Add(s, AcdEventKind.AgentReady, agent: agent);

    public EventScript NotReady(double s, string agent, string reason = "break") => Add(s, AcdEventKind.AgentNotReady, agent: agent, detail: reason);

    public EventScript Logout(double s, string agent) => Add(s, AcdEventKind.AgentLoggedOut, agent: agent);

    public EventScript Enqueue(double s, string call, string queue = "q1", string? detail = null) =>
        Add(s, AcdEventKind.CallEnqueued, call, queue, detail: detail);

    public EventScript Offer(double s, string call, string agent, string queue = "q1") => Add(s, AcdEventKind.CallOffered, call, queue, agent);

    public EventScript Answer(double s, string call, string agent, string queue = "q1") => Add(s, AcdEventKind.OfferAnswered, call, queue, agent);

    public EventScript Miss(double s, string call, string agent, int misses = 1, string queue = "q1") =>
        Add(s, AcdEventKind.OfferMissed, call, queue, agent, misses.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public EventScript Cancel(double s, string call, string agent, string queue = "q1") => Add(s, AcdEventKind.OfferCancelled, call, queue, agent);

    public EventScript Abandon(double s, string call, bool isShort = false, string queue = "q1") =>
        Add(s, AcdEventKind.CallAbandoned, call, queue, detail: isShort ? "short" : "long");

    public EventScript End(double s, string call, string? agent = null, string disposition = "completed", string queue = "q1") =>
        Add(s, AcdEventKind.CallEnded, call, queue, agent, disposition);

    public EventScript WrapUp(double s, string agent) => Add(s, AcdEventKind.AgentWrapUpStarted, agent: agent);

    public EventScript WrapUpEnd(double s, string agent) => Add(s, AcdEventKind.AgentWrapUpEnded, agent: agent).Ready(s, agent);

    /// <summary>Enqueue at <paramref name="enqueued"/>, offer and answer at <paramref name="answered"/>.</summary>
    public EventScript AnsweredCall(string call, string agent, double enqueued, double answered, string queue = "q1") =>
        Enqueue(enqueued, call, queue).Offer(answered, call, agent, queue).Answer(answered, call, agent, queue);
}
