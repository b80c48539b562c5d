namespace HotlineTelephony.CallCenter.VoiceMessages;

/// <summary>
/// A voice message a caller left from the overflow offer (R-TEL-03): the recording reference is the same text as the
/// Detail of its VoiceMessageLeft event. <see cref="HandledAt"/> is set when an agent has dealt with it.
/// </summary>
public sealed record VoiceMessage(
    string CallId,
    string QueueId,
    string CallerNumber,
    string RecordingPath,
    DateTimeOffset LeftAt,
    DateTimeOffset? HandledAt = null,
    string? HandledBy = null);
