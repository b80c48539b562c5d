namespace HotlineTelephony.CallCenter.Calls;

/// <summary>
/// A callback owed to a caller (requested from the overflow offer, or a missed call, 漏接电话回拨): offered to agents like a
/// call at the place of <see cref="OriginalCallId"/>; when an agent accepts, the server dials <see cref="CallerNumber"/>.
/// <see cref="Attempts"/> dials were made already and the next may not start before <see cref="NotBefore"/> (both set
/// when a stored task is resumed after a restart, <see cref="Resumed"/>).
/// </summary>
public sealed record CallbackTask(
    string OriginalCallId,
    string QueueId,
    string CallerNumber,
    string DialledNumber,
    int Priority,
    DateTimeOffset Place,
    bool MissedCall,
    int Attempts = 0,
    DateTimeOffset? NotBefore = null,
    bool Resumed = false)
{
    /// <summary>The task's own call id (its call grain's key): the original call id with ":callback".</summary>
    public string Id => OriginalCallId + ":callback";
}
