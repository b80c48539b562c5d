using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// Keeps the NAT mappings of registered UDP contacts open and drops the contacts that stopped answering, so calls
/// are not offered to agents who cannot hear them. One periodic sweep purges expired bindings and probes every UDP
/// binding through an <see cref="IKeepAliveProbe"/>; a binding is removed after
/// <see cref="RegistrarSettings.KeepAliveFailuresBeforeRemoval"/> failed probes in a row.
/// </summary>
/// <remarks>
/// A probe may outlast the interval (an OPTIONS times out after 64*T1 = 32 s), so the sweep does not wait for
/// probes: each runs on its own and a binding whose probe is still out is skipped until it finishes.
/// TCP/TLS bindings are not probed: their connections carry their own keep-alive.
/// </remarks>
public sealed partial class RegistrationKeepAlive : IDisposable
{
    private readonly RegistrarSettings _settings;
    private readonly ILocationStore _store;
    private readonly IKeepAliveProbe _probe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<BindingKey, ProbeState> _states = [];
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private int _sweeping;

    public RegistrationKeepAlive(
        RegistrarSettings settings,
        ILocationStore store,
        IKeepAliveProbe probe,
        TimeProvider time,
        ILogger<RegistrationKeepAlive>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(time);
        settings.Validate();
        _settings = settings;
        _store = store;
        _probe = probe;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Starts the sweep every <see cref="RegistrarSettings.KeepAliveInterval"/>, the first one interval from now.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_timer is not null)
        {
            return;
        }

        var interval = _settings.KeepAliveInterval;
        _timer = _time.CreateTimer(static state => ((RegistrationKeepAlive)state!).OnTimer(), this, interval, interval);
    }

    /// <summary>
    /// Runs one sweep now: purges expired bindings and starts a probe for each UDP binding that has none out.
    /// Returns once the probes are started, not finished.
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken = default)
    {
        var purged = await _store.PurgeExpiredAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            LogPurged(_logger, purged);
        }

        var bindings = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var toProbe = new List<(ContactBinding Binding, ProbeState State)>();
        lock (_lock)
        {
            var current = new HashSet<BindingKey>();
            foreach (var binding in bindings)
            {
                if (binding.Flow.Transport != SipTransportKind.Udp)
                {
                    continue;
                }

                var key = BindingKey.For(binding);
                current.Add(key);
                if (!_states.TryGetValue(key, out var state))
                {
                    state = new ProbeState();
                    _states.Add(key, state);
                }

                if (!state.InFlight)
                {
                    state.InFlight = true;
                    toProbe.Add((binding, state));
                }
            }

            // Refreshed, unregistered or expired bindings: their failure counts no longer mean anything.
            // (Dictionary.Remove during enumeration is allowed since .NET Core 3.0.)
            foreach (var (key, state) in _states)
            {
                if (!state.InFlight && !current.Contains(key))
                {
                    _states.Remove(key);
                }
            }
        }

        foreach (var (binding, state) in toProbe)
        {
            _ = ProbeAsync(binding, state);
        }
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _timer?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void OnTimer()
    {
        // A slow store must not pile sweeps up behind each other; the next tick will try again.
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        _ = RunSweepAsync();
    }

    private async Task RunSweepAsync()
    {
        try
        {
            await SweepAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogSweepFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private async Task ProbeAsync(ContactBinding binding, ProbeState state)
    {
        bool alive;
        try
        {
            alive = await _probe.ProbeAsync(binding, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogProbeThrew(_logger, binding.Aor, binding.Flow.ToString(), ex);
            alive = false;
        }

        int failures;
        lock (_lock)
        {
            state.InFlight = false;
            state.Failures = alive ? 0 : state.Failures + 1;
            failures = state.Failures;
        }

        if (failures < _settings.KeepAliveFailuresBeforeRemoval)
        {
            return;
        }

        try
        {
            if (await _store.RemoveAsync(binding, _stopping.Token).ConfigureAwait(false))
            {
                LogRemovedUnreachable(_logger, binding.Aor, binding.Uri.ToString(), binding.Flow.ToString(), failures);
            }
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            LogSweepFailed(_logger, ex);
        }
    }

    // Includes Call-ID and CSeq so that a refreshed registration starts with a clean failure count.
    private readonly record struct BindingKey(string Aor, string Contact, string CallId, uint CSeq)
    {
        public static BindingKey For(ContactBinding binding) =>
            new(binding.Aor, binding.InstanceId ?? binding.Uri.ToString(), binding.CallId, binding.CSeq);
    }

    private sealed class ProbeState
    {
        public bool InFlight;
        public int Failures;
    }

    // Event ids 1430–1439: registration keep-alive. Next free: 1434.
    [LoggerMessage(EventId = 1430, Level = LogLevel.Warning, Message = "Removed binding {Contact} of extension {Extension}: {Failures} keep-alives to {Flow} in a row went unanswered")]
    private static partial void LogRemovedUnreachable(ILogger logger, string extension, string contact, string flow, int failures);

    [LoggerMessage(EventId = 1431, Level = LogLevel.Debug, Message = "Purged {Count} expired registration binding(s)")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 1432, Level = LogLevel.Error, Message = "Registration keep-alive sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1433, Level = LogLevel.Warning, Message = "Keep-alive probe for extension {Extension} to {Flow} threw; counted as a failure")]
    private static partial void LogProbeThrew(ILogger logger, string extension, string flow, Exception exception);
}
