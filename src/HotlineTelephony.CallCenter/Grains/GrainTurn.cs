namespace HotlineTelephony.CallCenter.Grains;

/// <summary>One unit of work on an activation's mailbox: a request, a timer tick, a reminder or the deactivation.</summary>
internal abstract class GrainTurn
{
    /// <summary>Called once when a caller sends the turn (starts a response timeout, remembers the target for logs).</summary>
    public virtual void Bind(GrainRuntime runtime, GrainId id)
    {
    }

    /// <summary>Runs the turn; never throws (failures go to the caller or the log).</summary>
    public abstract Task RunAsync(GrainActivation activation);

    /// <summary>The activation closed before the turn ran: the runtime forwards it to a new activation.</summary>
    public virtual bool CanForward => true;

    /// <summary>Called instead of <see cref="RunAsync"/> when the turn cannot run (activation failed or runtime disposed).</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Short description for logs: the method, "timer" or "reminder name".</summary>
    public abstract string Describe();
}
