namespace HotlineTelephony.Sip.Timers;

/// <summary>One scheduled timer; pooled by its <see cref="TimerWheel"/> and guarded by the wheel's lock.</summary>
internal sealed class TimerEntry
{
    public TimerEntry? Previous;
    public TimerEntry? Next;

    // Absolute tick at which the entry fires. Comparing against the tick being processed does the job of a
    // "rounds" counter without having to decrement every entry on every revolution.
    public long DueTick;

    // Exact due time (TimeSpan ticks since the wheel started) and schedule order, so entries that share a
    // wheel tick still fire in due-time order.
    public long DueAt;
    public long Sequence;

    public ITimerCallback? Callback;
    public Action<object?>? Action;
    public object? State;

    // Bumped each time the entry goes back to the pool so stale handles cannot cancel its next use.
    public int Version;

    // One of the TimerWheel state constants; an int so the firing loop and Cancel can race on it with Interlocked.
    public int Status;
}
