namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>One socket being read by a receive loop, until <see cref="Remove"/>.</summary>
internal abstract class ReceiveRegistration
{
    /// <summary>
    /// Completes once the handler will not be called again (a call in progress on the loop's thread has returned).
    /// </summary>
    public abstract Task Stopped { get; }

    /// <summary>
    /// Stops reading the socket: no new receive starts after this returns (a handler call already running may
    /// finish; await <see cref="Stopped"/> for that). Call it before closing the socket. Idempotent, never blocks.
    /// </summary>
    public abstract void Remove();
}
