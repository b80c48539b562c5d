namespace HotlineTelephony.CallCenter.Acd;

/// <summary>How a call joined: <see cref="Detail"/> is null, "reentry" or "callback", as in its CallEnqueued event.</summary>
public sealed record EnqueueResult(string? Detail, DateTimeOffset Place, int Priority);
