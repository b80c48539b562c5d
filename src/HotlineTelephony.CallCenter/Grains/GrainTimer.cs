namespace HotlineTelephony.CallCenter.Grains;

/// <summary>A grain timer: each tick is queued as a turn of its grain; at most one tick is queued or running at a time.</summary>
internal sealed class GrainTimer : GrainTurn, IDisposable
{
    private readonly GrainActivation _activation;
    private readonly Func<object?, Task> _callback;
    private readonly object? _state;
    private ITimer? _timer;
    private bool _oneShot;
    private int _pending;
    private volatile bool _disposed;

    public GrainTimer(GrainActivation activation, Func<object?, Task> callback, object? state)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
    }

    public override bool CanForward => false;

    public void Start(TimeSpan dueTime, TimeSpan period)
    {
        _oneShot = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero;
        _timer = _activation.Runtime.TimeProvider.CreateTimer(
            static s => ((GrainTimer)s!).Tick(), this, dueTime, _oneShot ? Timeout.InfiniteTimeSpan : period);
    }

    private void Tick()
    {
        if (_disposed || Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        if (!_activation.TryEnqueue(this))
        {
            Dispose();
        }
    }

    public override async Task RunAsync(GrainActivation activation)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await _callback(_state);
        }
        catch (Exception ex)
        {
            GrainRuntimeLog.TimerFailed(activation.Runtime.Logger, activation.Id.ToString(), ex);
        }
        finally
        {
            Volatile.Write(ref _pending, 0);
            if (_oneShot)
            {
                Dispose();
            }
        }
    }

    public override void Fail(Exception exception)
    {
    }

    public override string Describe() => "timer";

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer?.Dispose();
        _activation.RemoveTimer(this);
    }
}
