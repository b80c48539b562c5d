using HotlineTelephony.Tickets.Model;
using HotlineTelephony.Tickets.Outbox;
using HotlineTelephony.Tickets.Storage;
using HotlineTelephony.Tickets.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Tickets.Tests;

/// <summary>The store's behaviour, run once on SQLite and once on PostgreSQL (the sealed classes at the end).</summary>
public abstract class TicketStoreContract
{
    protected abstract TicketDatabaseProvider Provider { get; }

    [ProviderFact]
    public async Task NumbersCountFromOneEachDayOfTheCentresTimeZone()
    {
        // 16:30 UTC on 23 November is 00:30 on 24 November in Beijing: the ticket belongs to the 24th.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 15, 59, 0, TimeSpan.Zero));
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider), time);

        var lateOn23rd = await tickets.Store.CreateAsync(TicketsUnderTest.Sample("23 日最后一单"));
        time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 16, 30, 0, TimeSpan.Zero));
        var first = await tickets.Store.CreateAsync(TicketsUnderTest.Sample("第一单"));
        var second = await tickets.Store.CreateAsync(TicketsUnderTest.Sample("第二单"));

        Assert.Equal("12345-20261123-000001", lateOn23rd.Number);
        Assert.Equal("12345-20261124-000001", first.Number);
        Assert.Equal("12345-20261124-000002", second.Number);
        Assert.Equal(TimeSpan.FromHours(8), first.CreatedAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 30, 0, TimeSpan.FromHours(8)), first.CreatedAt);
    }

    [ProviderFact]
    public async Task CreatedTicketIsStoredWithEveryFieldAndReadBack()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));

        var created = await tickets.Store.CreateAsync(new NewTicket
        {
            Category = TicketCategories.Complaint,
            Content = "  小区夜间施工噪音扰民  ",
            Location = "沙市区 江津路",
            CallerNumber = "13900001111",
            CallId = "call-42",
            CallRecordId = "call-42",
            RecordingPath = "/var/recordings/2026-11-24/call-42.wav",
            AgentId = "1003",
        });
        var read = await tickets.Store.GetAsync(created.Number);

        Assert.NotNull(read);
        Assert.Equal(created with { EventId = null }, read);
        Assert.Equal("小区夜间施工噪音扰民", read.Content);
        Assert.Equal("投诉", read.Category);
        Assert.Equal("call-42", read.CallRecordId);
        Assert.Equal("/api/recordings/call-42", read.RecordingUrl);
        Assert.Equal(TicketStatuses.Open, read.Status);
        Assert.Null(await tickets.Store.GetAsync("12345-20000101-000001"));
    }

    [ProviderFact]
    public async Task ConcurrentCreatesNeverShareANumberAndEventIdsHaveNoGaps()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        const int count = 40;

        var created = await Task.WhenAll(Enumerable.Range(1, count).Select(i => Task.Run(() => tickets.Store.CreateAsync(TicketsUnderTest.Sample($"并发 {i}")))));

        var day = tickets.Store.Today;
        Assert.Equal(
            Enumerable.Range(1, count).Select(i => TicketNumber.Format(day, i)).ToList(),
            created.Select(t => t.Number).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i).ToList(), created.Select(t => t.EventId!.Value).Order().ToList());
        var outbox = await tickets.OutboxAsync();
        Assert.Equal(count, outbox.Count);
        Assert.All(outbox, row => Assert.Equal(created.Single(t => t.EventId == row.Sequence).Number, row.TicketNumber));
    }

    [ProviderFact]
    public async Task TicketAndOutboxRowCommitTogetherOrNotAtAll()
    {
        var failOutbox = new FailingCommandInterceptor("INSERT INTO ticket_outbox");
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider), null, failOutbox);

        await Assert.ThrowsAsync<TicketStoreException>(() => tickets.Store.CreateAsync(TicketsUnderTest.Sample()));

        Assert.Equal(tickets.Options.MaxWriteAttempts, failOutbox.Failures);
        Assert.Equal(0, await tickets.TicketRowsAsync());
        Assert.Empty(await tickets.OutboxAsync());
        Assert.Contains(tickets.StoreLogger.Entries, e => e.EventId == 8104 && e.Level == Microsoft.Extensions.Logging.LogLevel.Error);

        // The failed attempts gave their numbers back: the next ticket is still the day's first, event 1.
        failOutbox.Enabled = false;
        var next = await tickets.Store.CreateAsync(TicketsUnderTest.Sample());
        Assert.EndsWith("-000001", next.Number, StringComparison.Ordinal);
        Assert.Equal(1, next.EventId);
    }

    [ProviderFact]
    public async Task UpdateWritesAnUpdatedEventAndAnUnknownNumberWritesNothing()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        var created = await tickets.Store.CreateAsync(TicketsUnderTest.Sample());

        Assert.Null(await tickets.Store.UpdateAsync("12345-20000101-000009", new TicketChanges { Status = TicketStatuses.Closed }));
        var updated = await tickets.Store.UpdateAsync(created.Number, new TicketChanges { Status = TicketStatuses.Closed, Location = "新地址" });

        Assert.NotNull(updated);
        Assert.Equal(2, updated.EventId);
        Assert.Equal(TicketStatuses.Closed, updated.Status);
        Assert.Equal("新地址", updated.Location);
        Assert.Equal(created.Content, updated.Content);
        var outbox = await tickets.OutboxAsync();
        Assert.Equal([(1L, TicketEventKinds.Created), (2L, TicketEventKinds.Updated)], outbox.Select(r => (r.Sequence, r.Kind)).ToList());
    }

    [ProviderFact]
    public async Task BadInputIsRefusedFieldByFieldAndWritesNothing()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));

        var error = await Assert.ThrowsAsync<TicketValidationException>(() =>
            tickets.Store.CreateAsync(new NewTicket { Category = "闲聊", Content = "  ", Location = new string('x', TicketStore.MaxLocationLength + 1) }));
        var badStatus = await Assert.ThrowsAsync<TicketValidationException>(() =>
            tickets.Store.UpdateAsync("12345-20261124-000001", new TicketChanges { Status = "lost" }));

        Assert.Equal(["category", "content", "location"], error.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("status", badStatus.Errors.Keys);
        Assert.Equal(0, await tickets.TicketRowsAsync());
        Assert.Empty(await tickets.OutboxAsync());
    }

    [ProviderFact]
    public async Task OpenTicketsOfACallerAreFoundUntilClosed()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        var first = await tickets.Store.CreateAsync(TicketsUnderTest.Sample("第一次来电", caller: "13500000001"));
        var second = await tickets.Store.CreateAsync(TicketsUnderTest.Sample("第二次来电", caller: "13500000001"));
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample("别人的", caller: "13500000002"));

        Assert.True(await tickets.Store.HasOpenTicketAsync("13500000001"));
        Assert.False(await tickets.Store.HasOpenTicketAsync("13500000003"));
        Assert.Equal([second.Number, first.Number], (await tickets.Store.OpenTicketsForCallerAsync("13500000001")).Select(t => t.Number).ToList());

        await tickets.Store.UpdateAsync(first.Number, new TicketChanges { Status = TicketStatuses.Closed });
        await tickets.Store.UpdateAsync(second.Number, new TicketChanges { Status = TicketStatuses.Closed });

        Assert.False(await tickets.Store.HasOpenTicketAsync("13500000001"));
        Assert.Empty(await tickets.Store.OpenTicketsForCallerAsync("13500000001"));
    }

    [ProviderFact]
    public async Task ListingFiltersByCentreDayCategoryAndStatus()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero));
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider), time);
        var help = await tickets.Store.CreateAsync(TicketsUnderTest.Sample(category: TicketCategories.Help));
        var praise = await tickets.Store.CreateAsync(TicketsUnderTest.Sample(category: TicketCategories.Praise));
        time.Advance(TimeSpan.FromDays(1));
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample(category: TicketCategories.Help));

        var day = new DateOnly(2026, 11, 24);
        Assert.Equal([help.Number, praise.Number], (await tickets.Store.ListAsync(day)).Select(t => t.Number).ToList());
        Assert.Equal([praise.Number], (await tickets.Store.ListAsync(day, TicketCategories.Praise)).Select(t => t.Number).ToList());
        Assert.Empty(await tickets.Store.ListAsync(day, status: TicketStatuses.Closed));
        Assert.Equal(2, await tickets.Store.CountCreatedOnAsync(day));
        Assert.Equal(1, await tickets.Store.CountCreatedOnAsync(day.AddDays(1)));
    }

    [ProviderFact]
    public async Task SchemaStepIsRecordedAndAppliedOnlyOnce()
    {
        await using var tickets = await TicketsUnderTest.StartAsync(await TestDatabase.CreateAsync(Provider));
        await tickets.Store.CreateAsync(TicketsUnderTest.Sample());

        var before = await Task.WhenAll(TicketSchema.ApplyAsync(tickets.Factory), TicketSchema.ApplyAsync(tickets.Factory));

        Assert.Equal([TicketSchema.LatestVersion, TicketSchema.LatestVersion], before);
        Assert.Equal(1, await tickets.TicketRowsAsync());
    }
}

public sealed class SqliteTicketStoreTests : TicketStoreContract
{
    protected override TicketDatabaseProvider Provider => TicketDatabaseProvider.Sqlite;
}

public sealed class PostgresTicketStoreTests : TicketStoreContract
{
    protected override TicketDatabaseProvider Provider => TicketDatabaseProvider.PostgreSql;
}
