using System.Text.Json;
using HotlineTelephony.Tickets.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Tickets.Outbox;

/// <summary>
/// Sends the outbox to <see cref="ITicketEventPublisher"/> in EventId order and marks each row dispatched. A publish
/// that throws is retried with back-off (logged each time) and nothing after it is sent meanwhile, so order holds. A
/// mark that fails is retried without publishing again. After a restart every unmarked row is sent; a row that was
/// published just before a crash is sent once more with the same EventId, which clients drop.
/// Wakes on <see cref="TicketOutboxSignal"/> (this process's writes) and every <see cref="TicketsOptions.OutboxPollInterval"/>.
/// Every server runs one, but only the holder of the database's <see cref="TicketOutboxLease"/> pushes; the others stand
/// by and take over when the lease expires. A holder that cannot renew stops before its lease can run out. An event
/// in flight when a holder dies is sent again by the next one with the same EventId, which clients drop.
/// </summary>
public sealed class TicketOutboxDispatcher : BackgroundService
{
    private readonly IDbContextFactory<TicketsDbContext> _factory;
    private readonly ITicketEventPublisher _publisher;
    private readonly TicketOutboxSignal _signal;
    private readonly TicketsOptions _options;
    private readonly TimeProvider _time;
    private readonly TicketsInstruments _instruments;
    private readonly ILogger _logger;
    private readonly TicketOutboxLease _lease;
    private long _published;
    private bool _leading;
    private bool _standbyLogged;

    public TicketOutboxDispatcher(
        IDbContextFactory<TicketsDbContext> factory,
        ITicketEventPublisher publisher,
        TicketOutboxSignal signal,
        TicketsOptions options,
        TimeProvider time,
        TicketsInstruments instruments,
        ILogger<TicketOutboxDispatcher> logger)
    {
        _factory = factory;
        _publisher = publisher;
        _signal = signal;
        _options = options;
        _time = time;
        _instruments = instruments;
        _logger = logger;
        _lease = new TicketOutboxLease(factory, options, time);
    }

    /// <summary>Events this dispatcher has handed to the publisher (not counting failed attempts).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>This dispatcher's name in the lease row.</summary>
    public string LeaseHolder => _lease.Holder;

    /// <summary>Whether this dispatcher holds the outbox lease (and so may push) right now.</summary>
    public bool IsLeader => _lease.IsHeld;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await PushWhileLeadingAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseLeaseAsync().ConfigureAwait(false);
        }
    }

    private async Task PushWhileLeadingAsync(CancellationToken stoppingToken)
    {
        var first = true;
        var readFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await HoldLeaseAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(_options.OutboxLeaseRenewInterval, _time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            List<TicketOutboxMessage> batch;
            try
            {
                batch = await ReadPendingAsync(stoppingToken).ConfigureAwait(false);
                readFailures = 0;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = _options.RetryDelay(++readFailures);
                TicketsLog.ReadFailed(_logger, e, delay);
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (first)
            {
                TicketsLog.DispatcherStarted(_logger, batch.Count);
                first = false;
            }

            if (batch.Count == 0)
            {
                // Wakes in time to renew the lease while idle.
                var wait = _options.OutboxPollInterval < _options.OutboxLeaseRenewInterval ? _options.OutboxPollInterval : _options.OutboxLeaseRenewInterval;
                await _signal.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                continue;
            }

            foreach (var row in batch)
            {
                if (!await SendAsync(row, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// True when this dispatcher may push now: the lease is held with at least the renew interval to spare, else it is
    /// taken or renewed here. Logs changes of leadership once each.
    /// </summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        if (_lease.IsFresh)
        {
            return true;
        }

        bool held;
        try
        {
            held = await _lease.TryTakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            TicketsLog.LeaseFailed(_logger, e, _lease.Holder);
            _leading = false;
            return false;
        }

        if (held && !_leading)
        {
            TicketsLog.LeaseTaken(_logger, _lease.Holder);
            _standbyLogged = false;
        }
        else if (!held && _leading)
        {
            TicketsLog.LeaseLost(_logger, _lease.Holder);
        }
        else if (!held && !_standbyLogged)
        {
            TicketsLog.LeaseStandby(_logger, _lease.Holder);
            _standbyLogged = true;
        }

        _leading = held;
        return held;
    }

    /// <summary>On a clean stop the next node need not wait for the expiry; a failure only delays the takeover.</summary>
    private async Task ReleaseLeaseAsync()
    {
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _lease.ReleaseAsync(bound.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TicketsLog.LeaseReleaseFailed(_logger, e, _lease.Holder);
        }
    }

    private async Task<List<TicketOutboxMessage>> ReadPendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Outbox.AsNoTracking()
            .Where(m => m.DispatchedAt == null)
            .OrderBy(m => m.Sequence)
            .Take(_options.OutboxBatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes and marks one row; false when the lease was lost first (the row is left to the next holder).</summary>
    private async Task<bool> SendAsync(TicketOutboxMessage row, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!await HoldLeaseAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            try
            {
                var ticket = JsonSerializer.Deserialize<TicketDto>(row.Payload, TicketJson.Options)
                    ?? throw new JsonException("The payload is JSON null.");
                var ticketEvent = new TicketEvent(row.Sequence, row.Kind, ticket with { EventId = row.Sequence });
                using (_logger.BeginScope(new Dictionary<string, object?> { ["CallId"] = ticket.CallId, ["AgentId"] = ticket.AgentId, ["TicketNumber"] = ticket.Number }))
                {
                    await _publisher.PublishAsync(ticketEvent, cancellationToken).ConfigureAwait(false);
                    TicketsLog.Pushed(_logger, row.Sequence, row.Kind, ticket.Number, ticket.AgentId, ticket.CallId, attempt);
                }

                break;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = _options.RetryDelay(attempt);
                _instruments.PublishFailures.Add(1, new KeyValuePair<string, object?>("step", "publish"));
                if (e is JsonException)
                {
                    TicketsLog.BadPayload(_logger, e, row.Sequence);
                }
                else
                {
                    TicketsLog.PublishFailed(_logger, e, row.Sequence, row.TicketNumber, attempt, delay);
                }

                await RecordFailureAsync(row.Sequence, e, cancellationToken).ConfigureAwait(false);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        Interlocked.Increment(ref _published);
        _instruments.Published.Add(1);
        for (var attempt = 1; ; attempt++)
        {
            // A retry after the lease was lost stops: the next holder sends the row again (same EventId) and marks it.
            if (attempt > 1 && !await HoldLeaseAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            try
            {
                await MarkDispatchedAsync(row.Sequence, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = _options.RetryDelay(attempt);
                _instruments.PublishFailures.Add(1, new KeyValuePair<string, object?>("step", "mark"));
                TicketsLog.MarkFailed(_logger, e, row.Sequence, attempt, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task MarkDispatchedAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow().UtcTicks;
        await db.Database.ExecuteSqlAsync($"UPDATE ticket_outbox SET dispatched_at = {now} WHERE sequence = {sequence}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Best effort: the failure is logged already; a row that cannot take the note still gets retried.</summary>
    private async Task RecordFailureAsync(long sequence, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var message = error.Message.Length > 1000 ? error.Message[..1000] : error.Message;
            await db.Database.ExecuteSqlAsync($"UPDATE ticket_outbox SET attempts = attempts + 1, last_error = {message} WHERE sequence = {sequence}", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            TicketsLog.NoteFailed(_logger, e, sequence);
        }
    }
}
