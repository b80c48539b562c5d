namespace HotlineTelephony.CallCenter.Calls;

/// <summary>
/// A callback owed to a caller (requested from the overflow offer, or a missed call, 漏接电话回拨): offered to agents like a
/// call at the place of <see cref="OriginalCallId"/>; when an agent accepts, the server dials <see cref="CallerNumber"/>.
/// </summary>
public sealed record CallbackTask(
    string OriginalCallId,
    string QueueId,
    string CallerNumber,
    string DialledNumber,
    int Priority,
    DateTimeOffset Place,
    bool MissedCall);
