namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// A hotline call that has ended, as <see cref="HotlineCallRegistry"/> keeps it for a while: what a ticket filed after
/// the hang-up needs from it, and the live call itself until the call's record has been queued.
/// </summary>
internal sealed class EndedCall(HotlineCall call, DateTimeOffset endedAt)
{
    private HotlineCall? _call = call;
    private string? _agentId;
    private string? _recordingPath;

    public string CallId { get; } = call.CallId;

    public string CallerNumber { get; } = call.CallerNumber;

    public DateTimeOffset EndedAt { get; } = endedAt;

    public string? AgentId => Volatile.Read(ref _call) is { } live ? live.AnsweringAgentId ?? live.ConnectedAgentId : _agentId;

    public string? RecordingPath => Volatile.Read(ref _call) is { } live ? live.Media.RecordingPath : _recordingPath;

    /// <summary>The live call while its record is not queued yet (a ticket number set on it goes into the record), else null.</summary>
    public HotlineCall? CallBeforeRecord => Volatile.Read(ref _call);

    /// <summary>Keeps the summary and lets the call go.</summary>
    public void Forget()
    {
        if (Volatile.Read(ref _call) is { } live)
        {
            _agentId = live.AnsweringAgentId ?? live.ConnectedAgentId;
            _recordingPath = live.Media.RecordingPath;
            Volatile.Write(ref _call, null);
        }
    }
}
