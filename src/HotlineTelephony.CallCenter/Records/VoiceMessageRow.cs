namespace HotlineTelephony.CallCenter.Records;

/// <summary>A row of table voice_messages: one message per call, with the reference of its WAV file.</summary>
public sealed class VoiceMessageRow
{
    public required string CallId { get; set; }

    public required string QueueId { get; set; }

    public required string CallerNumber { get; set; }

    public required string RecordingPath { get; set; }

    public DateTimeOffset LeftAt { get; set; }

    public DateTimeOffset? HandledAt { get; set; }

    public string? HandledBy { get; set; }
}
