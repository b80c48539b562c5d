using HotlineTelephony.CallCenter.Grains;

namespace HotlineTelephony.CallCenter.Tests.Grains;

/// <summary>Records what happens across activations (grain fields die with the activation).</summary>
public sealed class GrainProbe
{
    private int _activations;
    private int _deactivations;
    private int _reminders;
    private int _overlaps;

    public int Activations => Volatile.Read(ref _activations);

    public int Deactivations => Volatile.Read(ref _deactivations);

    public int Reminders => Volatile.Read(ref _reminders);

    public int Overlaps => Volatile.Read(ref _overlaps);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Activated() => Interlocked.Increment(ref _activations);

    public void Deactivated() => Interlocked.Increment(ref _deactivations);

    public void Reminded() => Interlocked.Increment(ref _reminders);

    public void Overlapped() => Interlocked.Increment(ref _overlaps);
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task IncrementAsync();

    ValueTask<int> GetAsync();

    Task<string> KeyAsync();

    ValueTask FailAsync();

    Task WaitForGateAsync();

    [OneWay]
    Task NotifyAsync(int add);

    Task StartTimerAsync(TimeSpan period);

    Task StartReminderAsync(TimeSpan period);

    Task DeactivateAsync();

    Task<int> CallOtherAsync(string key);
}

public sealed class CounterGrain : Grain, ICounterGrain, IRemindable
{
    private readonly GrainProbe _probe;
    private int _count;
    private int _inTurn;

    public CounterGrain(GrainProbe probe) => _probe = probe;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _probe.Activated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        _probe.Deactivated();
        return Task.CompletedTask;
    }

    public async Task IncrementAsync() => await NonAtomicIncrement();

    // Read, yield, write: two overlapping turns would lose an increment, and the flag catches the overlap itself.
    private async Task NonAtomicIncrement()
    {
        if (Interlocked.Exchange(ref _inTurn, 1) == 1)
        {
            _probe.Overlapped();
        }

        var value = _count;
        await Task.Yield();
        _count = value + 1;
        Volatile.Write(ref _inTurn, 0);
    }

    public ValueTask<int> GetAsync() => ValueTask.FromResult(_count);

    public Task<string> KeyAsync() => Task.FromResult(GrainKey);

    public async ValueTask FailAsync()
    {
        await Task.Yield();
        throw new InvalidOperationException("boom");
    }

    public Task WaitForGateAsync() => _probe.Gate.Task;

    public async Task NotifyAsync(int add)
    {
        await _probe.Gate.Task;
        _count += add;
    }

    public Task StartTimerAsync(TimeSpan period)
    {
        RegisterTimer(_ => NonAtomicIncrement(), null, period, period);
        return Task.CompletedTask;
    }

    public Task StartReminderAsync(TimeSpan period) => RegisterOrUpdateReminder("tick", period, period);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<int> CallOtherAsync(string key) => GrainFactory.GetGrain<ICounterGrain>(key).GetAsync().AsTask();

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _probe.Reminded();
        return Task.CompletedTask;
    }
}
