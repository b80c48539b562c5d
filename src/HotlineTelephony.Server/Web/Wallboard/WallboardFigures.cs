namespace HotlineTelephony.Server.Web.Wallboard;

/// <summary>What the wallboard hub pushes (issue 5 contract); formulas in docs/metrics.md, "Wallboard figures".</summary>
public sealed record WallboardFigures(
    DateTimeOffset At,
    QueueFigures Global,
    IReadOnlyList<QueueFigures> Queues,
    AgentFigures Agents,
    IReadOnlyList<WrapUpFigure> WrapUps,
    int CallbacksPending,
    long VoiceMessagesPending,
    long EmergencyTransfersToday,
    long TicketsToday);

/// <summary>One queue's figures, or every queue's ("*"). Rates are 0..1 and null before the first counted call.</summary>
public sealed record QueueFigures(
    string Queue,
    int Waiting,
    int LongestWaitSeconds,
    long OfferedToday,
    long AnsweredToday,
    long AbandonedToday,
    long ShortAbandonedToday,
    double? AnsweredWithin15sRate,
    double? ConnectionRateToday,
    double? ConnectionRate24h,
    double? ServiceLevel,
    int ServiceLevelThresholdSeconds,
    double? AsaSeconds,
    double? AhtSeconds);

/// <summary>Agents of the dialplan by state; every agent counts in exactly one.</summary>
public sealed record AgentFigures(int LoggedOut, int Ready, int NotReady, int Offered, int OnCall, int WrapUp);

public sealed record WrapUpFigure(string AgentId, int SecondsLeft);
