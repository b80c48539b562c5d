namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// One one-key emergency transfer of a call, kept on the call and written to its record: what makes the call readable
/// by the dispatchers it was transferred to (Web/Dispatch). <see cref="Outcome"/> is null while the line rings.
/// </summary>
internal sealed record EmergencyTransferNote(
    string TransferId,
    string Line,
    string AgentId,
    DateTimeOffset StartedAt,
    string? Outcome = null,
    DateTimeOffset? OutcomeAt = null);
