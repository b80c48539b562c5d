using System.Threading.Channels;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.Server.Web.Events;
using HotlineTelephony.Server.Web.Hubs;
using HotlineTelephony.Tickets.Model;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Web.Wallboard;

/// <summary>
/// Keeps the live <see cref="WallboardFold"/>: at start (and at each local midnight) it replays the persisted event log
/// into a new fold, then applies every event from the feed as it is appended (skipping those the replay already had).
/// After a change it pushes the figures to the wallboard group at once, then waits the push interval (250 ms) before
/// the next push, so a burst of events gives one push now and one at the end of the interval: at most one per 250 ms
/// to every client. While a caller waits or an agent is in wrap-up it also pushes once a second, as those figures
/// move with the clock.
/// </summary>
internal sealed partial class WallboardService : BackgroundService
{
    public const string Group = "wallboard";

    private readonly ChannelReader<AcdEvent> _feed;
    private readonly IAcdEventLog _log;
    private readonly DialplanProvider _plans;
    private readonly WallboardOptions _options;
    private readonly TimeProvider _time;
    private readonly IHubContext<WallboardHub> _hub;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AcdEventFeed _feedSource;
    private readonly ITicketDayCount _ticketDayCount;
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);
    private WallboardFold? _fold;
    private long? _sessionStart;
    private long _pushes;

    public WallboardService(
        AcdEventFeed feed,
        IAcdEventLog log,
        DialplanProvider plans,
        IOptions<WallboardOptions> options,
        TimeProvider time,
        IHubContext<WallboardHub> hub,
        ILogger<WallboardService> logger,
        ITicketDayCount? ticketDayCount = null)
    {
        _ticketDayCount = ticketDayCount ?? new NoTicketDayCount();
        // Subscribed before the replay reads the log, so no event falls between the two.
        _feed = feed.Subscribe();
        _feedSource = feed;
        _log = log;
        _plans = plans;
        _options = options.Value;
        _time = time;
        _hub = hub;
        _logger = logger;
    }

    /// <summary>Pushes sent to the wallboard group since start (tests, /metrics).</summary>
    public long Pushes => Interlocked.Read(ref _pushes);

    /// <summary>The figures now (waits for the first replay).</summary>
    public async Task<WallboardFigures> GetFiguresAsync(CancellationToken cancellationToken = default)
    {
        await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _fold!.Figures(_time.GetUtcNow());
        }
    }

    /// <summary>
    /// The live figures once the fold has applied every event appended before the call, with the instant and the
    /// last sequence they stand for (for the audit).
    /// </summary>
    public async Task<(WallboardFigures Figures, DateTimeOffset At, long Sequence)> GetFiguresAfterPendingAsync(CancellationToken cancellationToken = default)
    {
        await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        long applied;
        lock (_gate)
        {
            applied = _fold!.LastSequence;
        }

        var pending = await _log.ReadAsync(applied, cancellationToken).ConfigureAwait(false);
        long target = pending.Count > 0 ? pending[^1].Sequence : applied;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (_gate)
            {
                if (_fold!.LastSequence >= target)
                {
                    var now = _time.GetUtcNow();
                    return (_fold.Figures(now), now, _fold.LastSequence);
                }
            }

            await Task.Delay(10, bound.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The figures recomputed by replaying the persisted log (events up to <paramref name="upToSequence"/>) at
    /// <paramref name="now"/>: what the live figures must equal.
    /// </summary>
    public async Task<WallboardFigures> RecomputeAsync(DateTimeOffset now, long upToSequence = long.MaxValue, CancellationToken cancellationToken = default)
    {
        var events = await _log.ReadAsync(0, cancellationToken).ConfigureAwait(false);
        var fold = WallboardFold.Replay(events, _plans.Current, _options, _options.DayStart(now), SessionStart(events), upToSequence);

        // Tickets are not in the ACD log: the recomputation takes the live count (docs/metrics.md).
        lock (_gate)
        {
            fold.SetTicketsToday(_fold is { } live && live.Day == fold.Day ? live.TicketsToday : 0);
        }

        return fold.Figures(now);
    }

    /// <summary>A ticket was created (from the back-office notifier).</summary>
    public void TicketCreated(DateTimeOffset at, string ticketNumber)
    {
        long daySequence = TicketNumber.TryParse(ticketNumber, out _, out int sequence) ? sequence : 0;
        lock (_gate)
        {
            _fold?.TicketCreated(at, daySequence);
        }

        _changed.Writer.TryWrite(true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RebuildAsync(stoppingToken).ConfigureAwait(false);
            _ready.TrySetResult();
            await Task.WhenAll(ApplyLoopAsync(stoppingToken), PushLoopAsync(stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            // Callers of GetFiguresAsync get the failure instead of waiting for ever; the host stops on it.
            _ready.TrySetException(ex);
            throw;
        }
    }

    /// <summary>The last sequence appended before this process: below the first event it appended, or the whole log read so far.</summary>
    private long SessionStart(IReadOnlyList<AcdEvent> events)
    {
        if (_sessionStart is { } known)
        {
            return known;
        }

        long first = _feedSource.FirstSequence;
        long start = first > 0 ? first - 1 : events.Count > 0 ? events[^1].Sequence : 0;
        _sessionStart = start;
        return start;
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var events = await _log.ReadAsync(0, cancellationToken).ConfigureAwait(false);
        var fold = WallboardFold.Replay(events, _plans.Current, _options, _options.DayStart(now), SessionStart(events));
        long stored = await CountStoredTicketsAsync(fold.Day.From, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            // Tickets are not in the log: the day's count comes from the tickets database, and what this process has
            // seen pushed carries over a rebuild within the same day.
            long carried = _fold is { } old && old.Day == fold.Day ? old.TicketsToday : 0;
            fold.SetTicketsToday(Math.Max(stored, carried));
            _fold = fold;
        }

        LogRebuilt(_logger, events.Count, fold.Day.From, fold.LastSequence);
        _changed.Writer.TryWrite(true);
    }

    private async Task<long> CountStoredTicketsAsync(DateTimeOffset dayStart, CancellationToken cancellationToken)
    {
        try
        {
            return await _ticketDayCount.CountCreatedOnAsync(DateOnly.FromDateTime(dayStart.DateTime), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The wallboard still serves; the count starts from the tickets pushed from now on.
            LogTicketCountFailed(_logger, ex, dayStart);
            return 0;
        }
    }

    /// <summary>The one writer of the fold: applies the feed, and rebuilds at local midnight.</summary>
    private async Task ApplyLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var untilMidnight = _fold!.Day.To - _time.GetUtcNow();
            using (var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wake.CancelAfter(untilMidnight < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : untilMidnight > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(10) : untilMidnight);
                try
                {
                    if (!await _feed.WaitToReadAsync(wake.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Woken to look at the clock.
                }
            }

            bool rollover = _time.GetUtcNow() >= _fold.Day.To;
            bool applied = false;
            bool settled = true;
            lock (_gate)
            {
                rollover = rollover || ApplyToday(_feed, _fold!, ref applied, ref settled);
            }

            if (rollover)
            {
                // A new local day: "today" restarts from the log, and the new fold still knows who waits and who is where.
                try
                {
                    await RebuildAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The old fold keeps serving; events wait in the feed until the log can be read again.
                    LogRebuildFailed(_logger, ex);
                    await Task.Delay(TimeSpan.FromSeconds(5), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (applied && settled)
            {
                _changed.Writer.TryWrite(true);
            }
        }
    }

    /// <summary>
    /// Applies the feed's events of the fold's day, in order, until the feed is empty. Returns true when the next event
    /// belongs to the next day (the caller replays the log for it). An event appended just after the feed was found
    /// empty waits for the next pass: looking at the feed again after the loop took such an event for a new day and
    /// replayed the whole day's log every second or two under load.
    /// </summary>
    /// <param name="applied">Set when an event changed the fold.</param>
    /// <param name="settled">False when the last event applied was a login, which its Ready/NotReady follows at once.</param>
    internal static bool ApplyToday(ChannelReader<AcdEvent> feed, WallboardFold fold, ref bool applied, ref bool settled)
    {
        while (feed.TryPeek(out var evt))
        {
            // Skipped first when the replay already had it, so an event of the next day that the replay read cannot
            // ask for another replay.
            if (evt.Sequence > fold.LastSequence)
            {
                if (evt.At >= fold.Day.To)
                {
                    return true;
                }

                fold.Apply(evt);
                applied = true;

                // A login is followed in the same grain turn by AgentReady or AgentNotReady. Pushing in between
                // would show a not-ready agent that never was, and hold the real state back a push interval.
                settled = evt.Kind != AcdEventKind.AgentLoggedIn;
            }

            feed.TryRead(out _);
        }

        return false;
    }

    private async Task PushLoopAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(_options.PushIntervalMs);
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        var ticking = tick.WaitForNextTickAsync(cancellationToken).AsTask();
        var changed = _changed.Reader.WaitToReadAsync(cancellationToken).AsTask();
        while (!cancellationToken.IsCancellationRequested)
        {
            var woke = await Task.WhenAny(changed, ticking).ConfigureAwait(false);
            await woke.ConfigureAwait(false);
            WallboardFigures figures;
            lock (_gate)
            {
                figures = _fold!.Figures(_time.GetUtcNow());
            }

            if (woke == ticking)
            {
                ticking = tick.WaitForNextTickAsync(cancellationToken).AsTask();
                if (figures.Global.Waiting == 0 && figures.WrapUps.Count == 0)
                {
                    continue;
                }
            }
            else
            {
                _changed.Reader.TryRead(out _);
                changed = _changed.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }

            await SendAsync(figures, cancellationToken).ConfigureAwait(false);

            // The next push is due one interval after this one's time on the same clock: a timer may fire a little
            // early against the wall clock, and clients compare the "at" of consecutive pushes.
            var due = figures.At + interval;
            for (var wait = due - _time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - _time.GetUtcNow())
            {
                await Task.Delay(wait < MinimumWait ? MinimumWait : wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SendAsync(WallboardFigures figures, CancellationToken cancellationToken)
    {
        try
        {
            await _hub.Clients.Group(Group).SendAsync("figures", figures, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _pushes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPushFailed(_logger, ex);
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Wallboard figures rebuilt from {Events} logged events for the day from {DayStart:o} (last sequence {Sequence})")]
    private static partial void LogRebuilt(ILogger logger, int events, DateTimeOffset dayStart, long sequence);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Error, Message = "Wallboard figures could not be rebuilt from the event log for the new day; retrying in 5 s")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Tickets created on the day from {DayStart:o} could not be counted; the wallboard counts the tickets pushed from now on")]
    private static partial void LogTicketCountFailed(ILogger logger, Exception exception, DateTimeOffset dayStart);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Wallboard push failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
