using HotlineTelephony.Tickets.Outbox;
using HotlineTelephony.Tickets.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Tickets.Tests;

/// <summary>
/// Several servers on one ticket database, on SQLite and on PostgreSQL: only the holder of the outbox lease pushes;
/// when it dies (or loses the lease) another takes over after the expiry, and a client dropping seen EventIds still
/// shows every event exactly once.
/// </summary>
public abstract class OutboxLeaseContract
{
    protected abstract TicketDatabaseProvider Provider { get; }

    [ProviderFact]
    public async Task OfTwoDispatchersOnOneDatabaseOnlyTheLeaseHolderPushes()
    {
        await using var tickets = await StartAsync();
        var publisherA = new RecordingPublisher();
        var publisherB = new RecordingPublisher();
        var a = await tickets.StartDispatcherAsync(publisherA);
        var b = await tickets.StartDispatcherAsync(publisherB);

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(() => tickets.Store.CreateAsync(TicketsUnderTest.Sample($"第 {i} 单")))));
        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "20 events marked dispatched");
        // Several renewals later the same holder still pushes alone.
        await Task.Delay(tickets.Options.OutboxLeaseDuration);
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample("续租之后"));
        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "the 21st event marked dispatched");

        var (leader, idle) = publisherA.Deliveries.Count > 0 ? (publisherA, publisherB) : (publisherB, publisherA);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i).ToList(), leader.Deliveries.Select(e => e.EventId).ToList());
        Assert.Empty(idle.Deliveries);
        Assert.True(a.IsLeader ^ b.IsLeader, "exactly one dispatcher holds the lease");
        Assert.Single(tickets.DispatcherLogger.Entries, e => e.EventId == 8208);
        Assert.Contains(tickets.DispatcherLogger.Entries, e => e.EventId == 8210);
    }

    [ProviderFact]
    public async Task WhenTheLeaderDiesTheOtherTakesOverAfterTheExpiryAndNoEventIsLostOrDoubled()
    {
        await using var tickets = await StartAsync();
        var client = new RecordingPublisher();
        var partition = new FailingCommandInterceptor("") { Enabled = false };
        var leaderPublisher = new FanOutPublisher(client);
        var leader = await tickets.StartDispatcherAsync(leaderPublisher, partition);
        await Eventually.TrueAsync(() => leader.IsLeader, "the first dispatcher leading");
        var standbyPublisher = new FanOutPublisher(client);
        var standby = await tickets.StartDispatcherAsync(standbyPublisher);

        for (var i = 1; i <= 5; i++)
        {
            await tickets.Store.CreateAsync(TicketsUnderTest.Sample($"宕机前 {i}"));
        }

        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "5 events marked dispatched");

        // The leader's node dies: from the database's side it simply stops talking (no release, no renewal).
        partition.Enabled = true;
        for (var i = 6; i <= 10; i++)
        {
            await tickets.Store.CreateAsync(TicketsUnderTest.Sample($"宕机后 {i}"));
        }

        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "the standby pushed the events written after the leader died");

        Assert.Equal([1L, 2L, 3L, 4L, 5L], leaderPublisher.EventIds);
        Assert.Equal([6L, 7L, 8L, 9L, 10L], standbyPublisher.EventIds);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i).ToList(), client.Deliveries.Select(e => e.EventId).ToList());
        Assert.True(standby.IsLeader);
        Assert.False(leader.IsLeader);
        Assert.Equal(standby.LeaseHolder, (await new TicketOutboxLease(tickets.Factory, tickets.Options, TimeProvider.System).ReadAsync(CancellationToken.None))?.Holder);
        Assert.Contains(tickets.DispatcherLogger.Entries, e => e.EventId == 8211 && e.Level == LogLevel.Warning);
    }

    [ProviderFact]
    public async Task ALeaderThatLostItsLeaseStopsPushingUntilItCanTakeItAgain()
    {
        await using var tickets = await StartAsync();
        var publisher = new RecordingPublisher();
        var dispatcher = await tickets.StartDispatcherAsync(publisher);
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample("一"));
        await Eventually.TrueAsync(() => publisher.Deliveries.Count == 1, "event 1 pushed");

        // Another node holds the lease now (as after this node stalled past its expiry).
        await SetLeaseAsync(tickets, "another-node", TimeSpan.FromMinutes(10));
        await Eventually.TrueAsync(() => tickets.DispatcherLogger.Entries.Any(e => e.EventId == 8209), "the loss noticed at the next renewal");
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample("二"));
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample("三"));
        await Task.Delay(tickets.Options.OutboxLeaseDuration);
        Assert.Equal([1L], publisher.Deliveries.Select(e => e.EventId).ToList());
        Assert.Equal([true, false, false], (await tickets.OutboxAsync()).Select(r => r.Dispatched).ToList());
        Assert.False(dispatcher.IsLeader);

        // The other node's lease runs out: this one takes it again and sends what waited, once each.
        await SetLeaseAsync(tickets, "another-node", TimeSpan.Zero);
        await Eventually.TrueAsync(async () => (await tickets.OutboxAsync()).All(r => r.Dispatched), "the waiting events pushed after the takeover");
        Assert.Equal([1L, 2L, 3L], publisher.Deliveries.Select(e => e.EventId).ToList());
    }

    private async Task<TicketsUnderTest> StartAsync()
    {
        var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        // Short enough for a test, long enough for a loaded 2-core machine to renew in time.
        tickets.Options.OutboxLeaseDuration = TimeSpan.FromSeconds(2);
        tickets.Options.OutboxLeaseRenewInterval = TimeSpan.FromMilliseconds(400);
        return tickets;
    }

    /// <summary>Writes the lease row as another node would: its holder, expiring <paramref name="for"/> from now on the database's clock.</summary>
    private static async Task SetLeaseAsync(TicketsUnderTest tickets, string holder, TimeSpan @for)
    {
        await using var db = tickets.Factory.CreateDbContext();
        var expires = @for == TimeSpan.Zero ? 0 : DateTimeOffset.UtcNow.Add(@for).UtcTicks;
        await db.Database.ExecuteSqlAsync($"UPDATE outbox_lease SET holder = {holder}, expires_at = {expires} WHERE name = {TicketOutboxLease.Name}");
    }

    /// <summary>One node's publisher in front of the one client all nodes push to.</summary>
    private sealed class FanOutPublisher(RecordingPublisher client) : ITicketEventPublisher
    {
        private readonly List<long> _eventIds = [];

        public List<long> EventIds
        {
            get
            {
                lock (_eventIds)
                {
                    return [.. _eventIds];
                }
            }
        }

        public async ValueTask PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
        {
            await client.PublishAsync(ticketEvent, cancellationToken);
            lock (_eventIds)
            {
                _eventIds.Add(ticketEvent.EventId);
            }
        }
    }
}

public sealed class SqliteOutboxLeaseTests : OutboxLeaseContract
{
    protected override TicketDatabaseProvider Provider => TicketDatabaseProvider.Sqlite;
}

public sealed class PostgresOutboxLeaseTests : OutboxLeaseContract
{
    protected override TicketDatabaseProvider Provider => TicketDatabaseProvider.PostgreSql;
}
