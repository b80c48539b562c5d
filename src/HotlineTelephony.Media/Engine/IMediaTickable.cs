namespace HotlineTelephony.Media.Engine;

/// <summary>
/// Something a <see cref="MediaClock"/> runs once per 20 ms tick, on the clock's own thread: a conference bridge, in
/// practice. <see cref="Tick"/> must not block, allocate or throw; it shares the thread with every other tickable on
/// the same worker, so one slow tickable delays them all.
/// </summary>
public interface IMediaTickable
{
    /// <param name="tickIndex">The clock's running tick count, starting at 0 and never repeating.</param>
    void Tick(long tickIndex);
}
