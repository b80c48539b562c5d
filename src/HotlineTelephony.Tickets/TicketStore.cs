using System.Data.Common;
using System.Text.Json;
using HotlineTelephony.Tickets.Model;
using HotlineTelephony.Tickets.Outbox;
using HotlineTelephony.Tickets.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Tickets;

/// <summary>
/// Creates, changes and reads tickets. Each create or change is one transaction that also takes the ticket number
/// (the day's counter), the event id (the outbox counter) and writes the outbox row, so the back office hears of
/// exactly the changes that committed. A transaction that fails on a database error is retried whole with back-off;
/// one that still fails is logged and thrown as <see cref="TicketStoreException"/>.
/// </summary>
public sealed class TicketStore
{
    public const int MaxContentLength = 4000;
    public const int MaxLocationLength = 500;
    public const int MaxCallerNumberLength = 64;
    public const int MaxListSize = 1000;

    // Asked for every arriving caller: compiled once rather than translated per call. Per store, not static: a
    // compiled query is bound to one model, and SQLite and PostgreSQL stores have different ones.
    private readonly Func<TicketsDbContext, string, CancellationToken, Task<bool>> _hasOpenTicket =
        EF.CompileAsyncQuery((TicketsDbContext db, string callerNumber, CancellationToken _) =>
            db.Tickets.Any(t => t.CallerNumber == callerNumber && t.Status != TicketStatuses.Closed));

    private readonly IDbContextFactory<TicketsDbContext> _factory;
    private readonly TicketsOptions _options;
    private readonly TicketOutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly TicketsInstruments _instruments;
    private readonly ILogger _logger;
    private readonly TimeZoneInfo _zone;

    public TicketStore(
        IDbContextFactory<TicketsDbContext> factory,
        TicketsOptions options,
        TicketOutboxSignal signal,
        TimeProvider time,
        TicketsInstruments instruments,
        ILogger<TicketStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _factory = factory;
        _options = options;
        _signal = signal;
        _time = time;
        _instruments = instruments;
        _logger = logger;
        _zone = options.ResolveTimeZone();
    }

    /// <summary>The centre's day of <paramref name="at"/> (the day in ticket numbers).</summary>
    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    public DateOnly Today => DayOf(_time.GetUtcNow());

    public async Task<TicketDto> CreateAsync(NewTicket input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        var dto = await InTransactionAsync("create", async db =>
        {
            var now = _time.GetUtcNow();
            var day = DayOf(now);

            // Always the outbox counter first, then the day's: one lock order for every writer.
            var eventId = await TicketCounters.NextAsync(db, TicketCounters.Outbox, cancellationToken).ConfigureAwait(false);
            var sequence = await TicketCounters.NextAsync(db, TicketCounters.ForDay(day), cancellationToken).ConfigureAwait(false);
            var ticket = new Ticket
            {
                Number = TicketNumber.Format(day, sequence),
                CreatedAt = now,
                UpdatedAt = now,
                CallerNumber = Trimmed(input.CallerNumber),
                Category = input.Category,
                Content = input.Content.Trim(),
                Location = Trimmed(input.Location),
                CallId = Trimmed(input.CallId),
                CallRecordId = Trimmed(input.CallRecordId),
                RecordingPath = input.RecordingPath,
                AgentId = Trimmed(input.AgentId),
                Status = TicketStatuses.Open,
            };
            db.Tickets.Add(ticket);
            var snapshot = ToDto(ticket, eventId);
            db.Outbox.Add(OutboxRow(eventId, TicketEventKinds.Created, snapshot, now));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return snapshot;
        }, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("A ticket creation returned nothing.");

        _signal.Pulse();
        _instruments.Created.Add(1, new KeyValuePair<string, object?>("category", dto.Category));
        TicketsLog.Created(_logger, dto.Number, dto.Category, dto.AgentId, dto.CallId, dto.EventId ?? 0);
        return dto;
    }

    /// <summary>Applies <paramref name="changes"/>; null when there is no ticket <paramref name="number"/>.</summary>
    public async Task<TicketDto?> UpdateAsync(string number, TicketChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Validate(changes);
        var dto = await InTransactionAsync("update", async db =>
        {
            var eventId = await TicketCounters.NextAsync(db, TicketCounters.Outbox, cancellationToken).ConfigureAwait(false);
            var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Number == number, cancellationToken).ConfigureAwait(false);
            if (ticket is null)
            {
                // Rolled back with the transaction: the event id goes back to the counter.
                return null;
            }

            var now = _time.GetUtcNow();
            ticket.Category = changes.Category ?? ticket.Category;
            ticket.Content = changes.Content?.Trim() ?? ticket.Content;
            ticket.Location = changes.Location is null ? ticket.Location : Trimmed(changes.Location);
            ticket.Status = changes.Status ?? ticket.Status;
            ticket.UpdatedAt = now;
            var snapshot = ToDto(ticket, eventId);
            db.Outbox.Add(OutboxRow(eventId, TicketEventKinds.Updated, snapshot, now));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return snapshot;
        }, cancellationToken).ConfigureAwait(false);

        if (dto is not null)
        {
            _signal.Pulse();
            TicketsLog.Updated(_logger, dto.Number, dto.Status, dto.EventId ?? 0);
        }

        return dto;
    }

    public async Task<TicketDto?> GetAsync(string number, CancellationToken cancellationToken = default)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Number == number, cancellationToken).ConfigureAwait(false);
        return ticket is null ? null : ToDto(ticket, null);
    }

    /// <summary>Tickets of the centre's <paramref name="day"/>, optionally of one category and status, in creation order.</summary>
    public async Task<IReadOnlyList<TicketDto>> ListAsync(DateOnly day, string? category = null, string? status = null, int take = MaxListSize, CancellationToken cancellationToken = default)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var prefix = TicketNumber.DayPrefix(day);
        var query = db.Tickets.AsNoTracking().Where(t => t.Number.StartsWith(prefix));
        if (category is not null)
        {
            query = query.Where(t => t.Category == category);
        }

        if (status is not null)
        {
            query = query.Where(t => t.Status == status);
        }

        var tickets = await query.OrderBy(t => t.Number).Take(Math.Clamp(take, 1, MaxListSize)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return tickets.ConvertAll(t => ToDto(t, null));
    }

    /// <summary>Tickets created on the centre's <paramref name="day"/> (the wallboard's "tickets today").</summary>
    public async Task<int> CountCreatedOnAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var prefix = TicketNumber.DayPrefix(day);
        return await db.Tickets.CountAsync(t => t.Number.StartsWith(prefix), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="callerNumber"/> has a ticket that is not closed (the open-ticket priority rule).</summary>
    public async Task<bool> HasOpenTicketAsync(string callerNumber, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(callerNumber))
        {
            return false;
        }

        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await _hasOpenTicket(db, callerNumber, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The caller's tickets that are not closed, newest first (the agent's screen pop).</summary>
    public async Task<IReadOnlyList<TicketDto>> OpenTicketsForCallerAsync(string callerNumber, int take = 20, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(callerNumber))
        {
            return [];
        }

        await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.CallerNumber == callerNumber && t.Status != TicketStatuses.Closed)
            .OrderByDescending(t => t.Id)
            .Take(Math.Clamp(take, 1, MaxListSize))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return tickets.ConvertAll(t => ToDto(t, null));
    }

    internal TicketDto ToDto(Ticket ticket, long? eventId) => new(
        eventId,
        ticket.Number,
        TimeZoneInfo.ConvertTime(ticket.CreatedAt, _zone),
        ticket.CallerNumber,
        ticket.Category,
        ticket.Content,
        ticket.Location,
        ticket.CallId,
        ticket.CallRecordId,
        ticket.RecordingPath is null || ticket.CallId is null ? null : _options.RecordingUrlFormat.Replace("{callId}", Uri.EscapeDataString(ticket.CallId), StringComparison.Ordinal),
        ticket.AgentId,
        ticket.Status);

    private static TicketOutboxMessage OutboxRow(long eventId, string kind, TicketDto snapshot, DateTimeOffset now) => new()
    {
        Sequence = eventId,
        TicketNumber = snapshot.Number,
        Kind = kind,
        Payload = JsonSerializer.Serialize(snapshot, TicketJson.Options),
        CreatedAt = now,
    };

    private async Task<T?> InTransactionAsync<T>(string operation, Func<TicketsDbContext, Task<T?>> work, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await _factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var result = await work(db).ConfigureAwait(false);
                if (result is null)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return null;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (Exception e) when (e is DbException or DbUpdateException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _options.MaxWriteAttempts)
                {
                    TicketsLog.WriteFailed(_logger, e, operation, attempt);
                    throw new TicketStoreException($"The ticket {operation} failed after {attempt} attempts: {e.Message}", e);
                }

                var delay = _options.RetryDelay(attempt);
                _instruments.WriteRetries.Add(1);
                TicketsLog.WriteRetry(_logger, e, operation, attempt, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Validate(NewTicket input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckCategory(errors, input.Category, required: true);
        CheckContent(errors, input.Content, required: true);
        CheckLength(errors, "location", input.Location, MaxLocationLength);
        CheckLength(errors, "callerNumber", input.CallerNumber, MaxCallerNumberLength);
        if (errors.Count > 0)
        {
            throw new TicketValidationException(errors);
        }
    }

    private static void Validate(TicketChanges changes)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckCategory(errors, changes.Category, required: false);
        CheckContent(errors, changes.Content, required: false);
        CheckLength(errors, "location", changes.Location, MaxLocationLength);
        if (changes.Status is not null && !TicketStatuses.IsKnown(changes.Status))
        {
            errors["status"] = [$"must be one of {string.Join(", ", TicketStatuses.All)}"];
        }

        if (errors.Count > 0)
        {
            throw new TicketValidationException(errors);
        }
    }

    private static void CheckCategory(Dictionary<string, string[]> errors, string? category, bool required)
    {
        if ((required || category is not null) && !TicketCategories.IsKnown(category))
        {
            errors["category"] = [$"must be one of {string.Join(" ", TicketCategories.All)}"];
        }
    }

    private static void CheckContent(Dictionary<string, string[]> errors, string? content, bool required)
    {
        if ((required || content is not null) && string.IsNullOrWhiteSpace(content))
        {
            errors["content"] = ["must not be empty"];
        }
        else
        {
            CheckLength(errors, "content", content, MaxContentLength);
        }
    }

    private static void CheckLength(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors[field] = [$"must be at most {max} characters (was {value.Length})"];
        }
    }
}
