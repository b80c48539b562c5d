namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>
/// The per-city policy profile (12345-domain.md §6): every telephony rule that differs between cities is a setting
/// here, never a code branch. Defaults are the national overlay (GB/T 33358, 国办发〔2022〕12号, 国办函〔2025〕66号).
/// </summary>
public sealed record PolicyProfile
{
    /// <summary>Name of the profile, for logs and the API (e.g. "jingzhou").</summary>
    public string Name { get; init; } = "";

    /// <summary>Calls must be answered within this many seconds (R-TEL-01, GB/T 33358: 15 s).</summary>
    public int AnswerSlaSeconds { get; init; } = 15;

    /// <summary>接通率 target in percent (R-TEL-02: ≥ 95 %).</summary>
    public double ConnectionRateTargetPercent { get; init; } = 95;

    public ConnectionRateWindow ConnectionRateWindow { get; init; } = ConnectionRateWindow.Rolling24Hours;

    /// <summary>IVR menus are honoured only when true; GB/T 33358 says 不宜 (R-CH-05), so the default is false.</summary>
    public bool IvrMenuEnabled { get; init; }

    /// <summary>Choices the single overflow offer may give (R-TEL-03/04); empty means no overflow offer at all.</summary>
    public IReadOnlyList<OverflowDiversion> OverflowDiversion { get; init; } = [Model.OverflowDiversion.Callback];

    /// <summary>Missed and abandoned calls become callback tasks (R-TEL-05, R-CH-06).</summary>
    public bool MissedCallCallback { get; init; } = true;

    /// <summary>Dials of a callback's caller (busy, no answer or failure each count) before the task is closed as failed.</summary>
    public int CallbackMaxAttempts { get; init; } = 3;

    /// <summary>Time between a failed callback dial and the task being offered to agents again.</summary>
    public int CallbackRetryIntervalSeconds { get; init; } = 300;

    /// <summary>Emergency numbers an agent may transfer to by one key (R-TEL-16); each needs an <c>emergency</c> entry.</summary>
    public IReadOnlyList<string> EmergencyTransferTargets { get; init; } = ["110", "119", "120", "122"];

    /// <summary>Default transfer mode for emergency targets that do not set their own.</summary>
    public EmergencyTransferMode EmergencyTransferMode { get; init; } = EmergencyTransferMode.Warm;

    /// <summary>Three-way call caller + 12345 + 110 when responsibility is unclear (R-TEL-11).</summary>
    public bool ThreeWay110Enabled { get; init; } = true;

    /// <summary>Days a restricted caller stays restricted (R-TEL-40: Anshun 30 natural days); 0 disables restriction.</summary>
    public int CallerRestrictionDays { get; init; } = 30;

    public RestrictedCallerPolicy RestrictedCaller { get; init; } = new();

    /// <summary>Recording retention in days (R-TEL-53: not found in any source, confirm with the customer).</summary>
    public int RecordingRetentionDays { get; init; } = 180;

    /// <summary>Answered within this many seconds counts as in service level; the default for every queue.</summary>
    public int ServiceLevelSeconds { get; init; } = 15;

    /// <summary>Offset from UTC of the centre's clock: "today" in the metrics starts at its midnight (China: +8).</summary>
    public int ReportingUtcOffsetHours { get; init; } = 8;

    /// <summary>
    /// How long arrival waits for <see cref="Calls.IOpenTicketLookup"/> before queueing the caller without the open-ticket
    /// priority: a slow ticket back end must never hold a caller outside the queue.
    /// </summary>
    public int OpenTicketLookupTimeoutMs { get; init; } = 300;
}
