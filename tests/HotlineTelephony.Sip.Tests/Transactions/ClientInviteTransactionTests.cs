using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Tests.Transactions;

public sealed class ClientInviteTransactionTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void AddsTopViaWithFreshMagicCookieBranch()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);

        var via = _h.Sender.Sent.Single().Header("Via");
        Assert.StartsWith("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK", via);
        Assert.EndsWith(";rport", via);
        Assert.Equal(tx.Branch, ViaHeader.TryParse(via!, out var parsed) ? parsed.Branch : null);
        Assert.NotEqual(tx.Branch, _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User).Branch);
    }

    [Fact]
    public void RetransmitsInviteUntilTimerBFires()
    {
        _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);

        _h.AdvanceTo(40);

        // Timer A: T1 doubling with no cap, from 0.5 s, until Timer B at 64*T1.
        var times = _h.Sender.Requests(SipMethods.Invite).Select(m => m.At.TotalSeconds);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], times);
        Assert.All(_h.Sender.Sent, m => Assert.Equal(_h.Sender.Sent[0].Text, m.Text));
    }

    [Fact]
    public void TimerBReportsTimeoutToUserAt32Seconds()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);

        _h.AdvanceTo(31.99);
        Assert.Empty(_h.User.Timeouts);

        _h.AdvanceTo(32);
        var timeout = Assert.Single(_h.User.Timeouts);
        Assert.Same(tx, timeout.Tx);
        Assert.Equal(TimeSpan.FromSeconds(32), timeout.At);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void ProvisionalStopsRetransmissionAndTimerB()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);
        _h.AdvanceTo(0.6);
        _h.Respond(tx, 180);

        _h.AdvanceTo(120);

        Assert.Equal(2, _h.Sender.Requests(SipMethods.Invite).Count);
        Assert.Empty(_h.User.Timeouts);
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        Assert.Equal(180, Assert.Single(_h.User.Responses).Response.StatusCode);
    }

    [Fact]
    public void FailureResponseIsAckedOnTheInviteBranch()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);
        _h.Respond(tx, 180);
        _h.Respond(tx, 486);

        var invite = _h.Sender.Requests(SipMethods.Invite).Single();
        var ack = _h.Sender.Requests(SipMethods.Ack).Single();
        Assert.Equal("ACK sip:13800000000@carrier.example SIP/2.0", ack.StartLine);
        Assert.Equal(invite.Header("Via"), ack.Header("Via"));
        Assert.Equal("<sip:sbc.carrier.example;lr>", ack.Header("Route"));
        Assert.Equal(invite.Header("From"), ack.Header("From"));
        Assert.Equal("<sip:13800000000@carrier.example>;tag=uas1", ack.Header("To"));
        Assert.Equal("call-1@hotline.example", ack.Header("Call-ID"));
        Assert.Equal("1 ACK", ack.Header("CSeq"));
        Assert.Equal(TransactionHarness.Udp, ack.Remote);
        Assert.Equal([180, 486], _h.User.Responses.Select(r => r.Response.StatusCode));
        Assert.Equal(SipTransactionState.Completed, tx.State);
    }

    [Fact]
    public void TimerDAbsorbsRetransmittedFinalsByResendingAckThenTerminatesAt32Seconds()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);
        _h.Respond(tx, 486);
        _h.AdvanceTo(10);
        _h.Respond(tx, 486);

        Assert.Equal(2, _h.Sender.Requests(SipMethods.Ack).Count);
        Assert.Single(_h.User.Responses);

        _h.AdvanceTo(31.99);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        _h.AdvanceTo(32);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void TimerDIsZeroOnReliableTransport()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Tcp, _h.User);
        _h.Respond(tx, 603, source: TransactionHarness.Tcp);

        Assert.Single(_h.Sender.Requests(SipMethods.Ack));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void NoRetransmissionOverReliableTransportButTimerBStillFires()
    {
        _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Tcp, _h.User);

        _h.AdvanceTo(40);

        Assert.Single(_h.Sender.Sent);
        Assert.Equal(TimeSpan.FromSeconds(32), Assert.Single(_h.User.Timeouts).At);
    }

    [Fact]
    public void TimerMPassesEvery2xxUpIncludingForksThenTerminatesAt32Seconds()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);
        _h.Respond(tx, 200, "uas1");
        _h.AdvanceTo(0.5);
        _h.Respond(tx, 200, "uas1");
        _h.Respond(tx, 200, "fork2");
        _h.Respond(tx, 180, "fork3");

        Assert.Equal(SipTransactionState.Accepted, tx.State);
        Assert.Equal(["uas1", "uas1", "fork2"], _h.User.Responses.Select(r => r.Response.To.Tag));

        // The user, not the transaction, ACKs a 2xx; and nothing is retransmitted while Accepted.
        Assert.Empty(_h.Sender.Requests(SipMethods.Ack));
        _h.AdvanceTo(31.99);
        Assert.Single(_h.Sender.Sent);
        Assert.Equal(SipTransactionState.Accepted, tx.State);

        _h.AdvanceTo(32);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);

        _h.Respond(tx, 200, "uas1");
        Assert.Equal(200, Assert.Single(_h.User.StrayResponses).StatusCode);
    }

    [Fact]
    public void RetransmissionsGoWhereTheFirstSendWent()
    {
        var actual = TransactionHarness.Udp with { ConnectionId = 7 };
        _h.Sender.ActualRemote = actual;
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);

        _h.AdvanceTo(0.5);

        Assert.Equal(actual, tx.Destination);
        Assert.Equal(actual, _h.Sender.Sent[1].Remote);
    }
}
