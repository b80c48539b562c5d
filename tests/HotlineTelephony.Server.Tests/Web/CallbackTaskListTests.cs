using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.Server.Web.AgentDesk;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>The desk's 待回拨 list folded from the ACD events: what is listed, and who is being rung for a task.</summary>
public sealed class CallbackTaskListTests
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static AcdEvent Event(AcdEventKind kind, string? agentId = null, string? detail = null, int second = 0) =>
        new(s_at.AddSeconds(second), kind, "c1:callback", "general", agentId, detail);

    [Fact]
    public void TaskIsListedUntilAnsweredShowsWhoIsRungAndComesBackForItsRetry()
    {
        var list = new CallbackTaskList();
        list.Apply(Event(AcdEventKind.CallEnqueued, detail: "callback"));
        Assert.Equal(new PendingCallback("c1:callback", "general", s_at, null), Assert.Single(list.Pending()));
        Assert.Equal("general", list.QueueOf("c1:callback"));

        list.Apply(Event(AcdEventKind.CallOffered, "agent-01", "chosen", 1));
        Assert.Equal("agent-01", Assert.Single(list.Pending()).OfferedTo);
        list.Apply(Event(AcdEventKind.OfferMissed, "agent-01", "1", 2));
        Assert.Null(Assert.Single(list.Pending()).OfferedTo);

        list.Apply(Event(AcdEventKind.CallOffered, "agent-02", second: 3));
        list.Apply(Event(AcdEventKind.OfferAnswered, "agent-02", second: 4));
        Assert.Empty(list.Pending());
        Assert.Null(list.QueueOf("c1:callback"));

        // The dial was busy: the task is back in its queue for another attempt, free to take.
        list.Apply(Event(AcdEventKind.CallEnqueued, detail: "callback-retry", second: 60));
        Assert.Equal(new PendingCallback("c1:callback", "general", s_at.AddSeconds(60), null), Assert.Single(list.Pending()));
        list.Apply(Event(AcdEventKind.CallEnded, detail: "callback-failed", second: 61));
        Assert.Empty(list.Pending());
    }
}
