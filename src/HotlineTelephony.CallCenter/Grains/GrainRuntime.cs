using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Grains;

/// <summary>
/// A small in-process grain runtime with Orleans-shaped semantics: one activation per grain key, created on its first
/// call; turn-based, non-reentrant mailboxes; [OneWay] calls; response timeouts; grain timers; reminders kept in an
/// <see cref="IReminderStore"/>; idle deactivation swept by one timer.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly Dictionary<Type, Type> _implementations = [];
    private readonly Dictionary<string, Type> _implementationsByName = [];
    private readonly ConcurrentDictionary<Type, ObjectFactory> _factories = new();
    private readonly IServiceProvider _services;
    private readonly ITimer _idleSweep;
    private volatile bool _disposed;

    public GrainRuntime(
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IServiceProvider services,
        IReadOnlyDictionary<Type, Type> grainImplementations,
        GrainRuntimeOptions? options = null,
        IReminderStore? reminderStore = null)
    {
        TimeProvider = timeProvider;
        Logger = loggerFactory.CreateLogger<GrainRuntime>();
        _services = services;
        Options = options ?? new GrainRuntimeOptions();
        Options.Validate();

        foreach (var (contract, implementation) in grainImplementations)
        {
            if (!contract.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(contract))
            {
                throw new ArgumentException($"{contract.Name} is not a grain interface (an interface deriving from IGrainWithStringKey).");
            }

            if (implementation.IsAbstract || !typeof(Grain).IsAssignableFrom(implementation) || !contract.IsAssignableFrom(implementation))
            {
                throw new ArgumentException($"{implementation.Name} must be a concrete Grain implementing {contract.Name}.");
            }

            _implementations[contract] = implementation;
            _implementationsByName[implementation.FullName!] = implementation;
        }

        Reminders = new ReminderService(this, reminderStore ?? new InMemoryReminderStore());
        _idleSweep = timeProvider.CreateTimer(static s => ((GrainRuntime)s!).SweepIdle(), this, Options.IdleSweepInterval, Options.IdleSweepInterval);
    }

    public TimeProvider TimeProvider { get; }

    public GrainRuntimeOptions Options { get; }

    internal ILogger Logger { get; }

    internal ReminderService Reminders { get; }

    private int _pendingTurns;

    /// <summary>Turns queued or running across all grains (tests wait for 0 to know the system has settled).</summary>
    public int PendingTurns => Volatile.Read(ref _pendingTurns);

    internal void TurnQueued() => Interlocked.Increment(ref _pendingTurns);

    internal void TurnDone() => Interlocked.Decrement(ref _pendingTurns);

    /// <summary>Number of live activations (for tests and metrics).</summary>
    public int ActivationCount => _activations.Count;

    /// <summary>Schedules the reminders already in the store (after a restart, with a persistent store).</summary>
    public ValueTask StartAsync(CancellationToken cancellationToken = default) => Reminders.LoadAsync(cancellationToken);

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);

        // A new reference each time, as cheap as a small object: a cache held one per call id until the idle sweep
        // pruned it. References to one key reach the same activation either way.
        return (TGrainInterface)CreateProxy(typeof(TGrainInterface), key);
    }

    private object CreateProxy(Type contract, string key)
    {
        if (!_implementations.TryGetValue(contract, out var implementation))
        {
            throw new InvalidOperationException($"No grain implementation is registered for {contract.Name}.");
        }

        var proxy = DispatchProxy.Create(contract, typeof(GrainProxy));
        ((GrainProxy)proxy).Initialize(this, new GrainId(implementation.FullName!, key), implementation);
        return proxy;
    }

    internal Grain CreateInstance(Type implementation)
    {
        var factory = _factories.GetOrAdd(implementation, static t => ActivatorUtilities.CreateFactory(t, Type.EmptyTypes));
        return (Grain)factory(_services, null);
    }

    internal void Dispatch(GrainId id, Type implementation, GrainTurn turn)
    {
        while (true)
        {
            if (_disposed)
            {
                turn.Fail(new ObjectDisposedException(nameof(GrainRuntime), $"The grain runtime is stopped; {turn.Describe()} on {id} was not delivered."));
                return;
            }

            var activation = _activations.GetOrAdd(id, static (id, s) => new GrainActivation(s.Runtime, id, s.Implementation), (Runtime: this, Implementation: implementation));
            if (activation.TryEnqueue(turn))
            {
                return;
            }

            // Closed but not yet removed from the directory: remove it so the next round creates a fresh activation.
            _activations.TryRemove(KeyValuePair.Create(id, activation));
        }
    }

    /// <summary>Delivers a turn by grain id alone (a reminder for a deactivated grain, a turn left on a closed activation).</summary>
    internal void Forward(GrainId id, GrainTurn turn)
    {
        if (!_implementationsByName.TryGetValue(id.GrainType, out var implementation))
        {
            turn.Fail(new InvalidOperationException($"Grain type {id.GrainType} is not registered."));
            return;
        }

        Dispatch(id, implementation, turn);
    }

    internal void OnClosed(GrainActivation activation) => _activations.TryRemove(KeyValuePair.Create(activation.Id, activation));

    private void SweepIdle()
    {
        if (_disposed)
        {
            return;
        }

        foreach (var (_, activation) in _activations)
        {
            if (activation.IsIdleFor(Options.IdleDeactivation))
            {
                activation.TryEnqueue(DeactivationTurn.Instance);
            }
        }

    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _idleSweep.Dispose();
        Reminders.Dispose();
        var deactivations = new List<Task>();
        foreach (var (_, activation) in _activations)
        {
            if (activation.TryEnqueue(DeactivationTurn.Instance))
            {
                deactivations.Add(activation.Deactivated);
            }
        }

        await Task.WhenAll(deactivations).ConfigureAwait(false);
    }
}
