namespace HotlineTelephony.CallCenter.Callbacks;

public enum CallbackTaskStatus
{
    /// <summary>Waiting in its queue, being offered, dialled, or waiting for its next attempt.</summary>
    Open,

    /// <summary>The caller answered the callback.</summary>
    Completed,

    /// <summary>Every attempt was busy, unanswered or failed (or the task could not be worked).</summary>
    Failed,
}
