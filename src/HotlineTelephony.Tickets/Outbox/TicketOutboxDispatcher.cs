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
/// One dispatcher per database: run it on one node when several servers share PostgreSQL.
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
    private long _published;

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
    }

    /// <summary>Events this dispatcher has handed to the publisher (not counting failed attempts).</summary>
    public long Published => Interlocked.Read(ref _published);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = true;
        var readFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
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
                await _signal.WaitAsync(_options.OutboxPollInterval, stoppingToken).ConfigureAwait(false);
                continue;
            }

            foreach (var row in batch)
            {
                await SendAsync(row, stoppingToken).ConfigureAwait(false);
            }
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

    private async Task SendAsync(TicketOutboxMessage row, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
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
            try
            {
                await MarkDispatchedAsync(row.Sequence, cancellationToken).ConfigureAwait(false);
                return;
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
