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
    /// up to a millisecond late. Default zero: sleep all the way, so ticks leave up to ~1 ms late (far inside a
    /// receiver's jitter buffer). A 1 ms window made the sends punctual but cost about a tenth of a core per clock
    /// thread in spinning, which the call path needs under load (docs/benchmarks.md).
    /// </summary>
    public TimeSpan SpinWindow { get; set; } = TimeSpan.Zero;

    /// <summary>Priority of the clock thread. Default <see cref="ThreadPriority.AboveNormal"/>.</summary>
    public ThreadPriority Priority { get; set; } = ThreadPriority.AboveNormal;
}
