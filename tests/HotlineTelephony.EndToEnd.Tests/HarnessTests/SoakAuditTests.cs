using HotlineTelephony.EndToEnd.Tests.CallCenter;
using HotlineTelephony.EndToEnd.Tests.Harness;
using static HotlineTelephony.EndToEnd.Tests.Harness.HotlineApi;

namespace HotlineTelephony.EndToEnd.Tests.HarnessTests;

/// <summary>
/// The soak's judges (<see cref="AcdEventAudit"/> over the event log, <see cref="AgentPhonesWireAudit"/> over the
/// agents' SIP trace) on made-up inputs: a clean story passes, and each broken promise is named, so a green soak
/// means the server kept them rather than that nothing was looked at.
/// </summary>
public sealed class SoakAuditTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EventAuditPassesACallOfferedMissedOfferedAgainAnsweredAndEnded()
    {
        var audit = AcdEventAudit.Of(Log(
            (EventKinds.CallArrived, "c1", null, null),
            (EventKinds.CallEnqueued, "c1", null, null),
            (EventKinds.CallOffered, "c1", "agent-01", null),
            (EventKinds.OfferMissed, "c1", "agent-01", "1"),
            (EventKinds.AgentReady, null, "agent-01", null),
            (EventKinds.CallOffered, "c1", "agent-02", null),
            (EventKinds.OfferAnswered, "c1", "agent-02", null),
            (EventKinds.AgentWrapUpStarted, "c1", "agent-02", "1"),
            (EventKinds.CallEnded, "c1", "agent-02", "answered"),
            (EventKinds.AgentWrapUpEnded, "c1", "agent-02", null),
            (EventKinds.AgentReady, null, "agent-02", null)));

        Assert.Empty(audit.Violations);
        Assert.Equal("agent-02", audit.AnsweredBy["c1"]);
        Assert.Equal("answered", audit.Dispositions["c1"]);
        Assert.Equal(AgentStates.Ready, audit.StateByEvents("agent-01"));
    }

    [Fact]
    public void EventAuditNamesAnAgentOfferedASecondCallDuringWrapUp()
    {
        var audit = AcdEventAudit.Of(Log(
            (EventKinds.CallArrived, "c1", null, null),
            (EventKinds.CallEnqueued, "c1", null, null),
            (EventKinds.CallOffered, "c1", "agent-01", null),
            (EventKinds.OfferAnswered, "c1", "agent-01", null),
            (EventKinds.AgentWrapUpStarted, "c1", "agent-01", "10"),
            (EventKinds.CallEnded, "c1", "agent-01", "answered"),
            (EventKinds.CallArrived, "c2", null, null),
            (EventKinds.CallEnqueued, "c2", null, null),
            (EventKinds.CallOffered, "c2", "agent-01", null)));

        Assert.Contains(audit.Violations, v => v.Contains("agent-01 offered c2 while it still has c1", StringComparison.Ordinal));
    }

    [Fact]
    public void EventAuditNamesACallOfferedToTwoAgentsAndASecondAnswer()
    {
        var audit = AcdEventAudit.Of(Log(
            (EventKinds.CallArrived, "c1", null, null),
            (EventKinds.CallEnqueued, "c1", null, null),
            (EventKinds.CallOffered, "c1", "agent-01", null),
            (EventKinds.CallOffered, "c1", "agent-02", null),
            (EventKinds.OfferAnswered, "c1", "agent-01", null),
            (EventKinds.OfferAnswered, "c1", "agent-02", null)));

        Assert.Contains(audit.Violations, v => v.Contains("c1 offered to agent-02 while its offer to agent-01 is open", StringComparison.Ordinal));
        Assert.Contains(audit.Violations, v => v.Contains("c1 answered a second time", StringComparison.Ordinal));
        Assert.Contains(audit.Violations, v => v.Contains("c1 arrived but never ended", StringComparison.Ordinal));
    }

    [Fact]
    public void EventAuditNamesACallEndedTwiceAndAQueueVisitNeverClosed()
    {
        var audit = AcdEventAudit.Of(Log(
            (EventKinds.CallArrived, "c1", null, null),
            (EventKinds.CallEnqueued, "c1", null, null),
            (EventKinds.CallEnded, "c1", null, "abandoned"),
            (EventKinds.CallEnded, "c1", null, "abandoned")));

        Assert.Contains(audit.Violations, v => v.Contains("c1 ended twice", StringComparison.Ordinal));
        Assert.Contains(audit.Violations, v => v.Contains("c1 ended while still queued", StringComparison.Ordinal));
    }

    [Fact]
    public void WireAuditPassesAMissedOfferThenAnAnswerOnAnotherPhone()
    {
        var audit = AgentPhonesWireAudit.Of(
        [
            .. RingThenCancel("d1", "1001", "c1", 0),
            .. AnswerThenBye("d2", "1002", "c1", 6),
            .. AnswerThenBye("d3", "1001", "c2", 7),
        ]);

        Assert.Empty(audit.Violations);
        Assert.Equal(3, audit.Offers.Count);
        Assert.Equal(["d2", "d3"], audit.Offers.Where(o => o.Connected).Select(o => o.DialogCallId));
    }

    [Fact]
    public void WireAuditNamesAPhoneOfferedASecondCallWhileTheFirstRings()
    {
        var audit = AgentPhonesWireAudit.Of(
        [
            .. RingThenCancel("d1", "1001", "c1", 0),
            .. AnswerThenBye("d2", "1001", "c2", 2),
        ]);

        Assert.Contains(audit.Violations, v => v.StartsWith("extension 1001: offered c2", StringComparison.Ordinal));
    }

    [Fact]
    public void WireAuditNamesACallAnsweredOnTwoPhones()
    {
        var audit = AgentPhonesWireAudit.Of(
        [
            .. AnswerThenBye("d1", "1001", "c1", 0),
            .. AnswerThenBye("d2", "1002", "c1", 1),
        ]);

        Assert.Contains(audit.Violations, v => v.StartsWith("hotline call c1: offered 1002", StringComparison.Ordinal));
        Assert.Contains(audit.Violations, v => v == "hotline call c1 answered on 1001 and 1002");
    }

    private static List<AcdEventView> Log(params (int Kind, string? CallId, string? AgentId, string? Detail)[] events) =>
        [.. events.Select((e, i) => new AcdEventView(i + 1, s_start.AddMilliseconds(i), e.Kind, e.CallId, e.CallId is null ? null : "general", e.AgentId, e.Detail))];

    // The phone rings from second `at` until the server's CANCEL 5 s later.
    private static IEnumerable<SipTraceMessage> RingThenCancel(string dialog, string extension, string call, int at)
    {
        yield return Message(at, true, Invite(dialog, extension, call));
        yield return Message(at, false, Response(dialog, "180 Ringing", "1 INVITE"));
        yield return Message(at + 5, true, $"CANCEL sip:{extension}@127.0.0.1:5070 SIP/2.0\r\nCall-ID: {dialog}\r\nCSeq: 1 CANCEL\r\n");
        yield return Message(at + 5, false, Response(dialog, "200 OK", "1 CANCEL"));
        yield return Message(at + 5, false, Response(dialog, "487 Request Terminated", "1 INVITE"));
        yield return Message(at + 5, true, $"ACK sip:{extension}@127.0.0.1:5070 SIP/2.0\r\nCall-ID: {dialog}\r\nCSeq: 1 ACK\r\n");
    }

    // The phone answers at second `at` and hangs up 3 s later.
    private static IEnumerable<SipTraceMessage> AnswerThenBye(string dialog, string extension, string call, int at)
    {
        yield return Message(at, true, Invite(dialog, extension, call));
        yield return Message(at, false, Response(dialog, "200 OK", "1 INVITE"));
        yield return Message(at, true, $"ACK sip:{extension}@127.0.0.1:5070 SIP/2.0\r\nCall-ID: {dialog}\r\nCSeq: 1 ACK\r\n");
        yield return Message(at + 3, false, $"BYE sip:127.0.0.1:5060 SIP/2.0\r\nCall-ID: {dialog}\r\nCSeq: 2 BYE\r\n");
        yield return Message(at + 3, true, Response(dialog, "200 OK", "2 BYE"));
    }

    private static string Invite(string dialog, string extension, string call) =>
        $"INVITE sip:{extension}@127.0.0.1:5070;transport=UDP SIP/2.0\r\nCall-ID: {dialog}\r\nCSeq: 1 INVITE\r\nX-Hotline-Call-Id: {call}\r\n";

    private static string Response(string dialog, string status, string cseq) => $"SIP/2.0 {status}\r\nCall-ID: {dialog}\r\nCSeq: {cseq}\r\n";

    private static SipTraceMessage Message(int second, bool received, string text) =>
        new(s_start.UtcDateTime.AddSeconds(second).AddTicks(received ? 0 : 1), received, text);
}
