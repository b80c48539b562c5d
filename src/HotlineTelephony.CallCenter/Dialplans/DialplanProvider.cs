using HotlineTelephony.CallCenter.Dialplans.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>
/// Holds the current dialplan and reloads it when its folder changes.
/// <list type="bullet">
/// <item><see cref="Current"/> is one immutable snapshot, replaced by a single reference swap: a reader sees the old
/// plan or the new one, never a mix.</item>
/// <item>A call reads <see cref="Current"/> once, when it arrives, and keeps that snapshot until it ends, so an edit
/// never changes the queue, prompts or transfer targets of a call in progress; only new calls see the new plan.</item>
/// <item>A bad edit is refused: the old plan keeps serving, the errors are logged and kept in
/// <see cref="LastErrors"/>, and <see cref="Reloaded"/> fires only after a successful load.</item>
/// </list>
/// </summary>
public sealed class DialplanProvider : IDisposable
{
    private readonly DialplanOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly Lock _debounceLock = new();
    private readonly FileSystemWatcher? _watcher;
    private ITimer? _debounceTimer;
    private Dialplan _current;
    private IReadOnlyList<DialplanError> _lastErrors = [];
    private bool _disposed;

    /// <summary>Loads the plan from <see cref="DialplanOptions.Folder"/>; throws <see cref="DialplanLoadException"/> listing every error when it does not load.</summary>
    public DialplanProvider(IOptions<DialplanOptions> options, ILogger<DialplanProvider> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;

        var result = LoadFolder();
        if (result.Plan is null)
        {
            foreach (var error in result.Errors)
                DialplanLog.Error(_logger, error.ToString());
            throw new DialplanLoadException(result.Errors);
        }
        _current = result.Plan with { Generation = 1 };
        DialplanLog.Loaded(_logger, 1, _options.Folder, _current.Numbers.Count, _current.Queues.Count, _current.Agents.Count, _current.Policy.Name);

        if (_options.Watch)
            _watcher = TryWatch();
    }

    /// <summary>The plan new calls use. Read it once per call and keep the reference.</summary>
    public Dialplan Current => Volatile.Read(ref _current);

    /// <summary>The errors of the last reload attempt; empty after a success.</summary>
    public IReadOnlyList<DialplanError> LastErrors => Volatile.Read(ref _lastErrors);

    /// <summary>Raised after a reload succeeded, with the new plan (on the reloading thread).</summary>
    public event EventHandler<Dialplan>? Reloaded;

    /// <summary>
    /// Reloads the folder now (the API's reload). Returns the load result: on success the new plan is current; on
    /// failure the old one stays and the errors are returned, logged and kept in <see cref="LastErrors"/>.
    /// </summary>
    public async Task<DialplanLoadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        Dialplan? loaded = null;
        DialplanLoadResult result;
        try
        {
            result = await Task.Run(LoadFolder, cancellationToken).ConfigureAwait(false);
            var old = Current;
            if (result.Plan is null)
            {
                Volatile.Write(ref _lastErrors, result.Errors);
                DialplanLog.ReloadRefused(_logger, _options.Folder, result.Errors.Count, old.Generation);
                foreach (var error in result.Errors)
                    DialplanLog.Error(_logger, error.ToString());
                return result;
            }
            loaded = result.Plan with { Generation = old.Generation + 1 };
            Volatile.Write(ref _current, loaded);
            Volatile.Write(ref _lastErrors, []);
            DialplanLog.Loaded(_logger, loaded.Generation, _options.Folder, loaded.Numbers.Count, loaded.Queues.Count, loaded.Agents.Count, loaded.Policy.Name);
        }
        finally
        {
            _reloadGate.Release();
        }
        Reloaded?.Invoke(this, loaded);
        return result with { Plan = loaded };
    }

    // A plan that answers no number is refused too: it is what an editor's truncate-then-write looks like half-way,
    // and serving it would turn every call away.
    private DialplanLoadResult LoadFolder()
    {
        var result = DialplanLoader.LoadFolder(_options.Folder);
        if (result.Plan is { Numbers.Count: 0 })
            return new DialplanLoadResult(null, [new DialplanError(_options.Folder.Replace('\\', '/'), 0, "the plan has no numbers, so it would answer nothing; refused")]);
        return result;
    }

    // A watcher that cannot start (e.g. the inotify instance limit) must not stop the server: the plan loaded, and
    // ReloadAsync still works.
    private FileSystemWatcher? TryWatch()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(_options.Folder)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += OnFolderChanged;
            watcher.Created += OnFolderChanged;
            watcher.Deleted += OnFolderChanged;
            watcher.Renamed += OnFolderChanged;
            watcher.Error += OnWatcherError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            DialplanLog.WatcherFailed(_logger, ex, _options.Folder);
            return null;
        }
    }

    private void OnFolderChanged(object sender, FileSystemEventArgs e)
    {
        lock (_debounceLock)
        {
            if (_disposed)
                return;
            // Every change restarts the quiet period; the reload runs once the editor has finished writing.
            _debounceTimer ??= _time.CreateTimer(static state => ((DialplanProvider)state!).OnDebounced(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _debounceTimer.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
        }
        DialplanLog.Changed(_logger, _options.Folder, e.ChangeType.ToString(), e.Name ?? "");
    }

    private void OnDebounced() => _ = ReloadFromWatcherAsync();

    private async Task ReloadFromWatcherAsync()
    {
        try
        {
            await ReloadAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception ex)
        {
            DialplanLog.ReloadFailed(_logger, ex, _options.Folder);
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e) => DialplanLog.WatcherFailed(_logger, e.GetException(), _options.Folder);

    public void Dispose()
    {
        lock (_debounceLock)
        {
            if (_disposed)
                return;
            _disposed = true;
            _debounceTimer?.Dispose();
        }
        _watcher?.Dispose();
    }
}
