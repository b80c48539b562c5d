namespace HotlineTelephony.Sip.Timers;

/// <summary>
/// Identifies one timer scheduled on a <see cref="TimerWheel"/>. The default value is a handle to nothing.
/// </summary>
public readonly struct TimerHandle
{
    private readonly TimerWheel? _wheel;
    private readonly TimerEntry? _entry;
    private readonly int _version;

    internal TimerHandle(TimerWheel wheel, TimerEntry entry, int version)
    {
        _wheel = wheel;
        _entry = entry;
        _version = version;
    }

    /// <summary>
    /// Stops the timer in O(1). Returns false when it has already fired, was already cancelled, or the handle is
    /// default; safe to call at any time, including from the timer's own callback.
    /// </summary>
    public bool Cancel() => _wheel is not null && _wheel.Cancel(_entry!, _version);
}
