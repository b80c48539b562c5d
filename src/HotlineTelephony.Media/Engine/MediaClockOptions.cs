namespace HotlineTelephony.Media.Engine;

/// <summary>How a real-time <see cref="MediaClock"/> paces itself.</summary>
public sealed class MediaClockOptions
{
    /// <summary>
    /// Most ticks run back-to-back when the clock wakes up late (GC pause, descheduled thread). Beyond this the clock
    /// drops the rest and resynchronises to the current time, so a long stall does not turn into a burst of
    /// seconds of audio. Default 5 (100 ms): what a jitter buffer on the far side can still absorb.
    /// </summary>
    public int MaxCatchUpTicks { get; set; } = 5;

    /// <summary>
    /// How long before a deadline the clock stops sleeping and spins, because <see cref="Thread.Sleep(int)"/> wakes
    /// up to a millisecond late. Default 1 ms; zero sleeps all the way (cheaper, more jitter).
    /// </summary>
    public TimeSpan SpinWindow { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Priority of the clock thread. Default <see cref="ThreadPriority.AboveNormal"/>.</summary>
    public ThreadPriority Priority { get; set; } = ThreadPriority.AboveNormal;
}
