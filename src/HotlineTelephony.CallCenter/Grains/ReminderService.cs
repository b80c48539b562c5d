namespace HotlineTelephony.CallCenter.Grains;

/// <summary>Fires reminders from the store: one TimeProvider timer per reminder, each tick delivered to the grain by id.</summary>
internal sealed class ReminderService : IDisposable
{
    private readonly GrainRuntime _runtime;
    private readonly IReminderStore _store;
    private readonly Dictionary<(GrainId Grain, string Name), ITimer> _timers = [];
    private readonly Lock _gate = new();

    public ReminderService(GrainRuntime runtime, IReminderStore store)
    {
        _runtime = runtime;
        _store = store;
    }

    public async ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in await _store.ReadAllAsync(cancellationToken))
        {
            Schedule(entry);
        }
    }

    public async ValueTask RegisterAsync(GrainId grain, string name, TimeSpan dueTime, TimeSpan period)
    {
        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A reminder's period must be positive.");
        }

        var entry = new ReminderEntry(grain, name, _runtime.TimeProvider.GetUtcNow() + dueTime, period);
        await _store.UpsertAsync(entry);
        Schedule(entry);
    }

    public async ValueTask UnregisterAsync(GrainId grain, string name)
    {
        await _store.RemoveAsync(grain, name);
        lock (_gate)
        {
            if (_timers.Remove((grain, name), out var timer))
            {
                timer.Dispose();
            }
        }
    }

    private void Schedule(ReminderEntry entry)
    {
        var due = entry.FirstTickTime - _runtime.TimeProvider.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            // Missed ticks while stopped are not replayed: fire once now, then keep the original rhythm.
            due = TimeSpan.Zero;
        }

        var timer = _runtime.TimeProvider.CreateTimer(
            static s =>
            {
                var (service, entry) = ((ReminderService, ReminderEntry))s!;
                service._runtime.Forward(entry.Grain, new ReminderTurn(entry, service._runtime.TimeProvider.GetUtcNow()));
            },
            (this, entry), due, entry.Period);

        lock (_gate)
        {
            if (_timers.Remove((entry.Grain, entry.Name), out var old))
            {
                old.Dispose();
            }

            _timers[(entry.Grain, entry.Name)] = timer;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }
}
