using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.CallCenter.Tests.Acd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.CallCenter.Tests.Records;

/// <summary>Callback tasks and voice messages are kept in the records database and survive a restart of the server.</summary>
public sealed class CallbackAndVoiceMessageRestartTests : IDisposable
{
    private static readonly QueueDefinition s_queue = new()
    {
        Id = "q",
        AnnouncePosition = false,
        AnnounceEstimatedWait = false,
        Overflow = new OverflowPolicy { EstimatedWaitSeconds = 100 },
        AbandonedReentrySeconds = 10,
        WrapUpSeconds = 0,
        CallbackMaxAttempts = 3,
        CallbackRetryIntervalSeconds = 60,
    };

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private AcdHarness Start(FakeTimeProvider time) => new(
        time,
        new SqliteCallbackTaskStore(_database.Factory(), _database.Options(), NullLogger<SqliteCallbackTaskStore>.Instance, time),
        new SqliteVoiceMessageStore(_database.Factory(), _database.Options(), NullLogger<SqliteVoiceMessageStore>.Instance, time),
        s_queue);

    [Fact]
    public async Task R_TEL_05_CallbackTaskBetweenAttemptsIsResumedAfterARestartWithItsAttemptsAndPlace()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        DateTimeOffset place;
        await using (var before = Start(time))
        {
            before.Telephony.CallbackDialOutcome = OfferOutcome.NoAnswer;
            await before.ArriveAsync("c1", "q", caller: "13900000001");
            place = time.GetUtcNow();
            await before.AdvanceAsync(TimeSpan.FromSeconds(10));
            await before.Call("c1").CallerHungUpAsync();
            await before.AdvanceAsync(TimeSpan.FromSeconds(11));
            await before.LoginAsync("a1", "q");
            await before.AnswerNextRingAsync("a1");
            Assert.Single(before.EventsOf(AcdEventKind.CallbackRetryScheduled));
        }

        // A new process: new grains, new stores over the same database file.
        await using var after = Start(time);
        Assert.Equal(1, await CallbackRecovery.ResumeAsync(after.CallbackTasks, after.Runtime));
        await after.SettleAsync();
        Assert.Empty(await after.Queue("q").GetWaitingOrderAsync());

        await after.ArriveAsync("c2", "q");
        await after.AdvanceAsync(TimeSpan.FromSeconds(61));

        // Back in the queue ahead of the later caller, at the place of the original call.
        Assert.Equal(["c1:callback", "c2"], await after.Queue("q").GetWaitingOrderAsync());
        Assert.Equal("callback-retry", Assert.Single(after.EventsOf(AcdEventKind.CallEnqueued), e => e.CallId == "c1:callback").Detail);
        await after.LoginAsync("a2", "q");
        await after.AnswerNextRingAsync("a2");

        Assert.Equal("2", Assert.Single(after.EventsOf(AcdEventKind.CallbackDialled)).Detail);
        Assert.Single(after.EventsOf(AcdEventKind.CallbackCompleted));
        var stored = await after.CallbackTasks.GetAsync("c1:callback");
        Assert.Equal((CallbackTaskStatus.Completed, 1, place), (stored!.Status, stored.Task.Attempts, stored.Task.Place));
        Assert.Empty(await after.CallbackTasks.ListAsync(openOnly: true));
    }

    [Fact]
    public async Task R_TEL_05_WaitingCallbackTaskIsBackInItsQueueAfterARestart()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using (var before = Start(time))
        {
            before.Telephony.Digits["c1"] = "2";
            await before.ArriveAsync("c1", "q", caller: "13900000001");
            await before.AdvanceAsync(TimeSpan.FromSeconds(3));
            Assert.Equal(["c1:callback"], await before.Queue("q").GetWaitingOrderAsync());
        }

        await using var after = Start(time);
        await CallbackRecovery.ResumeAsync(after.CallbackTasks, after.Runtime);
        await after.SettleAsync();

        Assert.Equal(["c1:callback"], await after.Queue("q").GetWaitingOrderAsync());
        await after.LoginAsync("a1", "q");
        await after.AnswerNextRingAsync("a1");
        Assert.Equal(("c1:callback", "13900000001"), Assert.Single(after.Telephony.CallbackDials));
    }

    [Fact]
    public async Task R_TEL_03_VoiceMessagesAndWhetherTheyWereHandledSurviveARestart()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using (var before = Start(time))
        {
            before.Telephony.Digits["c1"] = "1";
            before.Telephony.Digits["c2"] = "1";
            await before.ArriveAsync("c1", "q", caller: "13900000001");
            await before.ArriveAsync("c2", "q", caller: "13900000002");
            await before.AdvanceAsync(TimeSpan.FromSeconds(3));
            Assert.True(await before.Inbox.HandledAsync("c1", "agent-01"));
        }

        await using var after = Start(time);
        var all = await after.VoiceMessages.ListAsync(pendingOnly: false);
        var pending = Assert.Single(await after.VoiceMessages.ListAsync(pendingOnly: true));

        Assert.Equal(2, all.Count);
        Assert.Equal(("c2", "13900000002", "voicemail/c2.wav"), (pending.CallId, pending.CallerNumber, pending.RecordingPath));
        Assert.Equal("agent-01", all.Single(m => m.CallId == "c1").HandledBy);
    }
}
