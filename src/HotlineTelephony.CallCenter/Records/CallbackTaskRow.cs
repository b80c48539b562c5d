namespace HotlineTelephony.CallCenter.Records;

/// <summary>A row of table callback_tasks: one callback task (its call grain's key), open until completed or failed.</summary>
public sealed class CallbackTaskRow
{
    public required string Id { get; set; }

    public required string OriginalCallId { get; set; }

    public required string QueueId { get; set; }

    public required string CallerNumber { get; set; }

    public required string DialledNumber { get; set; }

    public int Priority { get; set; }

    /// <summary>The place in the queue the task keeps (the original call's).</summary>
    public DateTimeOffset Place { get; set; }

    public bool MissedCall { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>open, completed or failed.</summary>
    public required string Status { get; set; }

    public string? LastOutcome { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
