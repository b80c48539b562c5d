using HotlineTelephony.Tickets.Outbox;
using HotlineTelephony.Tickets.Tests.Support;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Tickets.Tests;

/// <summary>
/// The outbox's promise to the back office, on SQLite and on PostgreSQL: every committed change is published, in
/// EventId order, after failures and restarts; a client dropping seen EventIds shows each exactly once.
/// </summary>
public abstract class OutboxContract
{
    protected abstract TicketDatabaseProvider Provider { get; }

    [ProviderFact]
    public async Task EveryCreatedTicketIsPublishedOnceInEventIdOrder()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        var publisher = new RecordingPublisher();
        await tickets.StartDispatcherAsync(publisher);

        var created = await Task.WhenAll(Enumerable.Range(1, 25).Select(i => Task.Run(() => tickets.Store.CreateAsync(TicketsUnderTest.Sample($"第 {i} 单")))));
        await Eventually.TrueAsync(() => publisher.Deliveries.Count >= 25, "25 events published");

        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i).ToList(), publisher.Deliveries.Select(e => e.EventId).ToList());
        Assert.All(publisher.Deliveries, e =>
        {
            Assert.Equal(TicketEventKinds.Created, e.Kind);
            Assert.Equal(e.EventId, e.Ticket.EventId);
            Assert.Equal(created.Single(t => t.EventId == e.EventId), e.Ticket);
        });
        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "every outbox row marked dispatched");
        Assert.Equal(25, tickets.DispatcherLogger.Entries.Count(e => e.EventId == 8201));
    }

    [ProviderFact]
    public async Task FailingPublisherIsRetriedWithBackOffAndNothingOvertakesTheFailedEvent()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        var first = await tickets.Store.CreateAsync(TicketsUnderTest.Sample("一"));
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample("二"));
        await tickets.Store.UpdateAsync(first.Number, new TicketChanges { Content = "一（补充）" });
        var publisher = new RecordingPublisher { FailuresLeft = 4 };

        await tickets.StartDispatcherAsync(publisher);
        await Eventually.TrueAsync(() => publisher.Deliveries.Count >= 3, "3 events published after the failures");

        Assert.Equal(4, publisher.FailedCalls);
        Assert.Equal([1L, 2L, 3L], publisher.Deliveries.Select(e => e.EventId).ToList());
        Assert.Equal([TicketEventKinds.Created, TicketEventKinds.Created, TicketEventKinds.Updated], publisher.Deliveries.Select(e => e.Kind).ToList());
        Assert.Equal("一（补充）", publisher.Deliveries[2].Ticket.Content);
        Assert.Equal(4, tickets.DispatcherLogger.Entries.Count(e => e.EventId == 8202 && e.Level == LogLevel.Warning && e.Exception is InvalidOperationException));
        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "every outbox row marked dispatched");
        var row1 = (await tickets.OutboxAsync())[0];
        Assert.Equal(4, row1.Attempts);
        Assert.Contains("unreachable", row1.LastError, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task CrashBetweenPublishAndMarkResendsTheSameEventIdWhichTheClientDrops()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        var ticket = await tickets.Store.CreateAsync(TicketsUnderTest.Sample());
        var publisher = new RecordingPublisher();
        var failMark = new FailingCommandInterceptor("SET dispatched_at");

        // The first process publishes event 1, then cannot mark it and is killed while retrying the mark.
        var crashing = await tickets.StartDispatcherAsync(publisher, failMark);
        await Eventually.TrueAsync(() => publisher.Deliveries.Count == 1 && failMark.Failures >= 2, "event 1 published and its mark failing");
        await tickets.StopDispatcherAsync(crashing);
        Assert.False((await tickets.OutboxAsync())[0].Dispatched);
        Assert.Contains(tickets.DispatcherLogger.Entries, e => e.EventId == 8203);

        // The restarted process sends event 1 again (same id) and goes on with event 2.
        var second = await tickets.Store.CreateAsync(TicketsUnderTest.Sample("重启后"));
        await tickets.StartDispatcherAsync(publisher);
        await Eventually.TrueAsync(() => publisher.Deliveries.Count >= 3, "events resent and continued after the restart");

        Assert.Equal([1L, 1L, 2L], publisher.Deliveries.Select(e => e.EventId).ToList());
        Assert.Equal([ticket.Number, second.Number], publisher.Shown.Select(e => e.Ticket.Number).ToList());
        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "every outbox row marked dispatched");
    }

    [ProviderFact]
    public async Task RestartSendsWhatWasNotMarkedAndNothingThatWas()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        for (var i = 1; i <= 3; i++)
        {
            await tickets.Store.CreateAsync(TicketsUnderTest.Sample($"停机前 {i}"));
        }

        var beforeRestart = new RecordingPublisher();
        var first = await tickets.StartDispatcherAsync(beforeRestart);
        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).Count(r => r.Dispatched) == 3, "3 events marked");
        await tickets.StopDispatcherAsync(first);

        // Written while no dispatcher runs (the server is down, another node still takes tickets).
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample("停机时 4"));
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample("停机时 5"));
        var afterRestart = new RecordingPublisher();
        await tickets.StartDispatcherAsync(afterRestart);
        await Eventually.TrueAsync(() => afterRestart.Deliveries.Count >= 2, "the 2 waiting events sent after the restart");
        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "every outbox row marked dispatched");

        Assert.Equal([1L, 2L, 3L], beforeRestart.Deliveries.Select(e => e.EventId).ToList());
        Assert.Equal([4L, 5L], afterRestart.Deliveries.Select(e => e.EventId).ToList());
        Assert.Contains(tickets.DispatcherLogger.Entries, e => e.EventId == 8205 && e.Message.Contains("2 events pending", StringComparison.Ordinal));
    }
}

public sealed class SqliteOutboxTests : OutboxContract
{
    protected override TicketDatabaseProvider Provider => TicketDatabaseProvider.Sqlite;
}

public sealed class PostgresOutboxTests : OutboxContract
{
    protected override TicketDatabaseProvider Provider => TicketDatabaseProvider.PostgreSql;
}
