namespace HotlineTelephony.CallCenter.Grains;

/// <summary>
/// Base class of grain implementations. All code of a grain runs in turns: one request, timer tick or reminder (with
/// all its awaits) completes before the next starts, so grain fields need no locks. Implementations are built with
/// ActivatorUtilities, so constructors may take DI services.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    internal GrainActivation Activation => _activation ?? throw new InvalidOperationException("The grain is not activated yet.");

    /// <summary>This grain's key.</summary>
    public string GrainKey => Activation.Id.Key;

    protected IGrainFactory GrainFactory => Activation.Runtime;

    protected TimeProvider TimeProvider => Activation.Runtime.TimeProvider;

    internal void Attach(GrainActivation activation) => _activation = activation;

    /// <summary>Runs before the first turn of an activation.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the last turn of an activation (idle sweep, <see cref="DeactivateOnIdle"/>, runtime disposal).</summary>
    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Calls <paramref name="callback"/> as a turn of this grain after <paramref name="dueTime"/> and then every
    /// <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/>: once). A tick is skipped while the previous
    /// one is still queued or running. Unlike Orleans, a tick counts as use, so a grain with a periodic timer stays
    /// active. Dispose the result to stop it; timers end with the activation.
    /// </summary>
    protected IDisposable RegisterTimer(Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, state, dueTime, period);
    }

    /// <summary>Deactivates this grain once the current turn has completed.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation();

    /// <summary>
    /// Registers (or moves) a durable reminder: <see cref="IRemindable.ReceiveReminder"/> is called after
    /// <paramref name="dueTime"/> and then every <paramref name="period"/>, reactivating the grain if needed.
    /// </summary>
    protected Task RegisterOrUpdateReminder(string name, TimeSpan dueTime, TimeSpan period)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().Name} registers a reminder but does not implement IRemindable.");
        }

        return Activation.Runtime.Reminders.RegisterAsync(Activation.Id, name, dueTime, period).AsTask();
    }

    protected Task UnregisterReminder(string name) => Activation.Runtime.Reminders.UnregisterAsync(Activation.Id, name).AsTask();
}
