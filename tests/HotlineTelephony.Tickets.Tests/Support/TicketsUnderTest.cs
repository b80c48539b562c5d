using HotlineTelephony.Tickets.Outbox;
using HotlineTelephony.Tickets.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HotlineTelephony.Tickets.Tests.Support;

/// <summary>
/// The ticket store and outbox dispatchers over one test database, as the server composes them. Dispatchers can be
/// started and stopped (a process restart) with their own command interceptors (injected database failures).
/// </summary>
public sealed class TicketsUnderTest : IAsyncDisposable
{
    private readonly List<TicketOutboxDispatcher> _running = [];

    private TicketsUnderTest(TestDatabase database, TicketsOptions options, TimeProvider time, IInterceptor[] storeInterceptors)
    {
        Database = database;
        Options = options;
        Time = time;
        Factory = new TicketsDbContextFactory(options);
        StoreLogger = new ListLogger<TicketStore>();
        Store = new TicketStore(new TicketsDbContextFactory(options, storeInterceptors), options, Signal, time, Instruments, StoreLogger);
    }

    public TestDatabase Database { get; }

    public TicketsOptions Options { get; }

    public TimeProvider Time { get; }

    public TicketsDbContextFactory Factory { get; }

    public TicketOutboxSignal Signal { get; } = new();

    public TicketsInstruments Instruments { get; } = new();

    public TicketStore Store { get; }

    public ListLogger<TicketStore> StoreLogger { get; }

    public ListLogger<TicketOutboxDispatcher> DispatcherLogger { get; } = new();

    public static async Task<TicketsUnderTest> StartAsync(TestDatabase database, TimeProvider? time = null, params IInterceptor[] storeInterceptors)
    {
        var options = new TicketsOptions
        {
            ConnectionString = database.ConnectionString,
            FirstRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            OutboxPollInterval = TimeSpan.FromMilliseconds(200),
            MaxWriteAttempts = 3,
        };
        var tickets = new TicketsUnderTest(database, options, time ?? TimeProvider.System, storeInterceptors);
        await TicketSchema.ApplyAsync(tickets.Factory);
        return tickets;
    }

    public static NewTicket Sample(string content = "路灯不亮", string category = "求助", string? caller = "13812345678") =>
        new() { Category = category, Content = content, CallerNumber = caller, Location = "荆州区 北京路 12 号", AgentId = "1001" };

    /// <summary>Starts a dispatcher (a server process starting) over the same database.</summary>
    public async Task<TicketOutboxDispatcher> StartDispatcherAsync(ITicketEventPublisher publisher, params IInterceptor[] interceptors)
    {
        var dispatcher = new TicketOutboxDispatcher(new TicketsDbContextFactory(Options, interceptors), publisher, Signal, Options, TimeProvider.System, Instruments, DispatcherLogger);
        await dispatcher.StartAsync(CancellationToken.None);
        _running.Add(dispatcher);
        return dispatcher;
    }

    /// <summary>Stops a dispatcher wherever it is (a crash: nothing after the cancellation runs).</summary>
    public async Task StopDispatcherAsync(TicketOutboxDispatcher dispatcher)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await dispatcher.StopAsync(timeout.Token);
        _running.Remove(dispatcher);
        dispatcher.Dispose();
    }

    public async Task<List<TicketOutboxMessageView>> OutboxAsync()
    {
        await using var db = Factory.CreateDbContext();
        return await db.Outbox.AsNoTracking().OrderBy(m => m.Sequence)
            .Select(m => new TicketOutboxMessageView(m.Sequence, m.TicketNumber, m.Kind, m.DispatchedAt != null, m.Attempts, m.LastError))
            .ToListAsync();
    }

    public async Task<int> TicketRowsAsync()
    {
        await using var db = Factory.CreateDbContext();
        return await db.Tickets.CountAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dispatcher in _running.ToList())
        {
            await StopDispatcherAsync(dispatcher);
        }

        Signal.Dispose();
        Instruments.Dispose();
        await Database.DisposeAsync();
    }
}

public sealed record TicketOutboxMessageView(long Sequence, string TicketNumber, string Kind, bool Dispatched, int Attempts, string? LastError);
