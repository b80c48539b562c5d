namespace HotlineTelephony.Sip.Timers;

/// <summary>
/// Receives a <see cref="TimerWheel"/> expiry. A transaction or dialog implements this itself so that
/// scheduling a timer allocates no closure.
/// </summary>
public interface ITimerCallback
{
    /// <summary>Called on the wheel's tick, outside the wheel's lock, with the state given to Schedule.</summary>
    void OnTimer(object? state);
}
