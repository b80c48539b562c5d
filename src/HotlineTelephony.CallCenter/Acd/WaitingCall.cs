namespace HotlineTelephony.CallCenter.Acd;

/// <summary>
/// A caller (or a callback task) joining a queue. <see cref="Place"/> is given for callback tasks, which keep the place
/// of the call they came from; otherwise the queue gives the arrival time, or the old place of a re-entering caller.
/// <see cref="IsCallbackRetry"/> marks a callback task coming back for another attempt (or after a restart): its
/// CallEnqueued says "callback-retry" so it is not counted as a new task.
/// </summary>
public sealed record WaitingCall(
    string CallId,
    string CallerNumber,
    string DialledNumber,
    int Priority,
    bool IsCallback = false,
    DateTimeOffset? Place = null,
    bool IsCallbackRetry = false);
