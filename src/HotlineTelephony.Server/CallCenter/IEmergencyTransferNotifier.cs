namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// Told of each one-key emergency transfer: <see cref="StartingAsync"/> is awaited before the INVITE to the emergency
/// line leaves (so the dispatcher has the caller's data as the call rings), <see cref="Outcome"/> when it is known.
/// Implemented by the dispatcher console's hub (Web/Dispatch).
/// </summary>
internal interface IEmergencyTransferNotifier
{
    ValueTask StartingAsync(EmergencyTransferNotice notice, CancellationToken cancellationToken);

    void Outcome(string transferId, string outcome);
}

/// <summary>The caller's data shared with the emergency dispatcher (R-TEL-15: the caller never repeats themselves).</summary>
internal sealed record EmergencyTransferNotice(
    string TransferId,
    string Line,
    string CallId,
    string? Caller,
    string AgentId,
    string? TicketNumber,
    string RecordUrl,
    string? IncidentReference,
    DateTimeOffset At);

internal sealed class NoEmergencyTransferNotifier : IEmergencyTransferNotifier
{
    public ValueTask StartingAsync(EmergencyTransferNotice notice, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Outcome(string transferId, string outcome)
    {
    }
}
