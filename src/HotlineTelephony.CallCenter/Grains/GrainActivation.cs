namespace HotlineTelephony.CallCenter.Grains;

/// <summary>
/// One live grain instance and its mailbox. Turns are queued under a short lock and run one after another by a single
/// pump scheduled on the thread pool only when the mailbox goes from idle to busy; the pump awaits each turn, so a turn
/// with awaits still finishes before the next starts (non-reentrant, like Orleans).
/// </summary>
internal sealed class GrainActivation : IThreadPoolWorkItem
{
    private readonly Queue<GrainTurn> _queue = new();
    private readonly Lock _gate = new();
    private readonly Type _implementationType;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _running;
    private bool _closed;
    private bool _deactivationRequested;
    private Grain? _instance;
    private List<GrainTimer>? _timers;
    private long _lastUse;

    public GrainActivation(GrainRuntime runtime, GrainId id, Type implementationType)
    {
        Runtime = runtime;
        Id = id;
        _implementationType = implementationType;
        _lastUse = runtime.TimeProvider.GetTimestamp();
    }

    public GrainRuntime Runtime { get; }

    public GrainId Id { get; }

    /// <summary>Completes when the activation has run its deactivation (or was closed before activating).</summary>
    public Task Deactivated => _deactivated.Task;

    public Grain? Instance => _instance;

    /// <summary>Queues <paramref name="turn"/>; false when the activation has closed and the turn must go to a new one.</summary>
    public bool TryEnqueue(GrainTurn turn)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _queue.Enqueue(turn);
            Runtime.TurnQueued();
            if (_running)
            {
                return true;
            }

            _running = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    /// <summary>True when no turn is queued or running and none has run for at least <paramref name="idle"/>.</summary>
    public bool IsIdleFor(TimeSpan idle)
    {
        lock (_gate)
        {
            if (_closed || _running || _queue.Count > 0)
            {
                return false;
            }
        }

        return Runtime.TimeProvider.GetElapsedTime(Volatile.Read(ref _lastUse)) >= idle;
    }

    public void RequestDeactivation() => _deactivationRequested = true;

    public IDisposable RegisterTimer(Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, state);
        lock (_gate)
        {
            (_timers ??= []).Add(timer);
        }

        timer.Start(dueTime, period);
        return timer;
    }

    /// <summary>Forgets a disposed timer; may be called from a timer thread, hence the lock.</summary>
    public void RemoveTimer(GrainTimer timer)
    {
        lock (_gate)
        {
            _timers?.Remove(timer);
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = PumpAsync();

    private async Task PumpAsync()
    {
        while (true)
        {
            GrainTurn? turn;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out turn))
                {
                    _running = false;
                    return;
                }
            }

            if (_instance is null && turn is not DeactivationTurn && !await ActivateAsync(turn))
            {
                Runtime.TurnDone();
                return;
            }

            await turn.RunAsync(this);
            Runtime.TurnDone();
            Volatile.Write(ref _lastUse, Runtime.TimeProvider.GetTimestamp());

            if (_deactivationRequested)
            {
                await DeactivateAsync();
                return;
            }
        }
    }

    private async Task<bool> ActivateAsync(GrainTurn firstTurn)
    {
        try
        {
            var instance = Runtime.CreateInstance(_implementationType);
            instance.Attach(this);
            _instance = instance;
            await instance.OnActivateAsync(CancellationToken.None);
            GrainRuntimeLog.Activated(Runtime.Logger, Id.ToString());
            return true;
        }
        catch (Exception ex)
        {
            GrainRuntimeLog.ActivationFailed(Runtime.Logger, Id.ToString(), ex);
            _instance = null;
            firstTurn.Fail(ex);
            foreach (var left in Close())
            {
                Runtime.TurnDone();
                left.Fail(ex);
            }

            Runtime.OnClosed(this);
            _deactivated.TrySetResult();
            return false;
        }
    }

    private async Task DeactivateAsync()
    {
        GrainTimer[] timers;
        lock (_gate)
        {
            timers = _timers?.ToArray() ?? [];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        if (_instance is not null)
        {
            try
            {
                await _instance.OnDeactivateAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                GrainRuntimeLog.DeactivationFailed(Runtime.Logger, Id.ToString(), ex);
            }

            GrainRuntimeLog.Deactivated(Runtime.Logger, Id.ToString());
        }

        var leftovers = Close();
        Runtime.OnClosed(this);
        _deactivated.TrySetResult();
        foreach (var left in leftovers)
        {
            Runtime.TurnDone();
            if (left.CanForward)
            {
                Runtime.Forward(Id, left);
            }
            else
            {
                left.Fail(new ObjectDisposedException(Id.ToString()));
            }
        }
    }

    private GrainTurn[] Close()
    {
        lock (_gate)
        {
            _closed = true;
            var leftovers = _queue.ToArray();
            _queue.Clear();
            return leftovers;
        }
    }
}
