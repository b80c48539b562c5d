using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.Server.Web.Wallboard;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>The wallboard replays the whole event log at start and at local midnight only, however busy the feed.</summary>
public sealed class WallboardRebuildTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public WallboardRebuildTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact]
    public void AnEventAppendedJustAfterTheFeedWasFoundEmptyWaitsForTheNextPassAndIsNotTakenForANewDay()
    {
        var dayStart = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.FromHours(8));
        var fold = new WallboardFold(_factory.Services.GetRequiredService<DialplanProvider>().Current, new WallboardOptions(), dayStart);
        var at = dayStart.AddHours(10);
        var feed = new RacingFeed(
            [new AcdEvent(at, AcdEventKind.AgentLoggedIn, AgentId: "agent-01") { Sequence = 1 }],
            appendedOnceEmpty: new AcdEvent(at, AcdEventKind.AgentReady, AgentId: "agent-01") { Sequence = 2 });
        bool applied = false, settled = true;

        // A grain appends the Ready just as the pass finds the feed empty (under load, once every second or two).
        Assert.False(WallboardService.ApplyToday(feed, fold, ref applied, ref settled));
        Assert.True(applied);
        Assert.False(settled);
        Assert.Equal(1, fold.LastSequence);

        applied = false;
        Assert.False(WallboardService.ApplyToday(feed, fold, ref applied, ref settled));
        Assert.True(applied && settled);
        Assert.Equal(2, fold.LastSequence);
        Assert.Equal(1, fold.Figures(at).Agents.Ready);

        // An event of the next local day does end the day, and stays in the feed for the replay that follows.
        feed.Append(new AcdEvent(dayStart.AddDays(1).AddMinutes(1), AcdEventKind.AgentNotReady, AgentId: "agent-01") { Sequence = 3 });
        Assert.True(WallboardService.ApplyToday(feed, fold, ref applied, ref settled));
        Assert.True(feed.TryPeek(out var waiting));
        Assert.Equal(3, waiting.Sequence);
        Assert.Equal(2, fold.LastSequence);

        // Events the replay read are skipped, whatever their time: a replay a moment before midnight that read this
        // event (stamped just after it) must not be asked for again.
        var replayed = WallboardFold.Replay([waiting], _factory.Services.GetRequiredService<DialplanProvider>().Current, new WallboardOptions(), dayStart);
        Assert.Equal(3, replayed.LastSequence);
        Assert.False(WallboardService.ApplyToday(feed, replayed, ref applied, ref settled));
        Assert.False(feed.TryPeek(out _));
    }

    /// <summary>A feed that receives one more event the first time a reader finds it empty.</summary>
    private sealed class RacingFeed(IEnumerable<AcdEvent> events, AcdEvent appendedOnceEmpty) : ChannelReader<AcdEvent>
    {
        private readonly Queue<AcdEvent> _events = new(events);
        private AcdEvent? _late = appendedOnceEmpty;

        public override bool CanPeek => true;

        public void Append(AcdEvent evt) => _events.Enqueue(evt);

        public override bool TryPeek([MaybeNullWhen(false)] out AcdEvent item)
        {
            if (_events.TryPeek(out item))
            {
                return true;
            }

            if (_late is { } late)
            {
                _events.Enqueue(late);
                _late = null;
            }

            return false;
        }

        public override bool TryRead([MaybeNullWhen(false)] out AcdEvent item) => _events.TryDequeue(out item);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_events.Count > 0);
    }
}
