using System.Diagnostics.Metrics;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Transactions;

public sealed class SipTransactionLayerTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void CancelAnswers200AndEndsInviteWith487AndTellsCore()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var invite = Assert.IsType<ServerInviteTransaction>(_h.User.Requests.Single());
        invite.SendResponse(SipResponse.CreateFor(invite.Request, 180, null, "hl1"));

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Cancel));

        Assert.Equal(["SIP/2.0 180 Ringing", "SIP/2.0 200 OK", "SIP/2.0 487 Request Terminated"], _h.Sender.Sent.Select(m => m.StartLine));
        var ok = _h.Sender.Sent[1];
        Assert.Equal("1 CANCEL", ok.Header("CSeq"));
        Assert.Equal("<sip:12345@hotline.example>;tag=hl1", ok.Header("To"));
        var terminated = _h.Sender.Sent[2];
        Assert.Equal("1 INVITE", terminated.Header("CSeq"));
        Assert.Equal("<sip:12345@hotline.example>;tag=hl1", terminated.Header("To"));

        var cancelled = Assert.Single(_h.User.Cancelled);
        Assert.Same(invite, cancelled.Invite);
        Assert.Equal(SipMethods.Cancel, cancelled.Cancel.Method);
        Assert.True(invite.IsCancelled);
        Assert.Equal(SipTransactionState.Completed, invite.State);
        Assert.False(invite.SendResponse(SipResponse.CreateFor(invite.Request, 200, null, "hl1")));

        // The CANCEL never reaches the core as a request of its own; the 487 is ACKed like any failure.
        Assert.Single(_h.User.Requests);
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, toTag: "hl1"));
        Assert.Empty(_h.User.Acks);
        Assert.Equal(SipTransactionState.Confirmed, invite.State);
    }

    [Fact]
    public void CancelBeforeAnyProvisionalUsesOneToTagForBothResponses()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Cancel));

        var ok = _h.Sender.Responses(200).Single();
        var terminated = _h.Sender.Responses(487).Single();
        Assert.Contains(";tag=", ok.Header("To"));
        Assert.Equal(ok.Header("To"), terminated.Header("To"));
        _h.AdvanceTo(1);
        Assert.Empty(_h.Sender.Responses(100));
    }

    [Fact]
    public void CancelAfterFinalResponseGets200ButNo487()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var invite = _h.User.Requests.Single();
        invite.SendResponse(SipResponse.CreateFor(invite.Request, 200, null, "hl1"));

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Cancel));

        Assert.Equal(["SIP/2.0 200 OK", "SIP/2.0 200 OK"], _h.Sender.Sent.Select(m => m.StartLine));
        Assert.Equal("1 CANCEL", _h.Sender.Sent[1].Header("CSeq"));
        Assert.Empty(_h.User.Cancelled);
    }

    [Fact]
    public void CancelMatchingNoTransactionIsAnswered481()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Cancel, branch: "z9hG4bKnothing"));

        var response = Assert.Single(_h.Sender.Sent);
        Assert.Equal("SIP/2.0 481 Call/Transaction Does Not Exist", response.StartLine);
        Assert.Empty(_h.User.Cancelled);
        Assert.Empty(_h.User.Requests);
    }

    [Fact]
    public void RetransmittedCancelGetsTheSame200Again()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Cancel));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Cancel));

        var oks = _h.Sender.Responses(200);
        Assert.Equal(2, oks.Count);
        Assert.Equal(oks[0].Text, oks[1].Text);
        Assert.Single(_h.User.Cancelled);
        Assert.Single(_h.Sender.Responses(487));
    }

    [Fact]
    public void InviteFromAnotherSentByWithTheSameBranchIsANewTransaction()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite, sentBy: "198.51.100.8:5060", callId: "other@198.51.100.8"));

        Assert.Equal(2, _h.User.Requests.Count);
        Assert.Equal(2, _h.Layer.Count);
    }

    [Fact]
    public void Rfc2543RequestsAreMatchedWithoutMagicCookie()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite, branch: "old1"));
        var invite = Assert.IsType<ServerInviteTransaction>(_h.User.Requests.Single());
        invite.SendResponse(SipResponse.CreateFor(invite.Request, 486, null, "hl1"));

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite, branch: "old1"));
        Assert.Single(_h.User.Requests);
        Assert.Equal(2, _h.Sender.Responses(486).Count);

        // An ACK with some other To tag is not for our 486.
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, branch: "old1", toTag: "other"));
        Assert.Single(_h.User.Acks);
        Assert.Equal(SipTransactionState.Completed, invite.State);

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, branch: "old1", toTag: "hl1"));
        Assert.Single(_h.User.Acks);
        Assert.Equal(SipTransactionState.Confirmed, invite.State);
    }

    [Fact]
    public void StrayAckGoesToTheCore()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, branch: "z9hG4bKlate", toTag: "hl1"));

        Assert.Single(_h.User.Acks);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void ResponseWithoutClientTransactionGoesToTheCoreAsStray()
    {
        var response = SipResponse.CreateFor(SipRequest(), 200, null, "uas1");
        response.Headers.Insert(0, HeaderId.Via, "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKgone");

        _h.Deliver(response.ToString());

        Assert.Equal(200, Assert.Single(_h.User.StrayResponses).StatusCode);
    }

    [Fact]
    public void ClientCancelIsSentAfterProvisionalPerSection9()
    {
        var invite = (ClientInviteTransaction)_h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);
        _h.Respond(invite, 180);

        var cancelTx = _h.Layer.SendCancel(invite);

        var sentInvite = _h.Sender.Requests(SipMethods.Invite).Single();
        var cancel = _h.Sender.Requests(SipMethods.Cancel).Single();
        Assert.Equal("CANCEL sip:13800000000@carrier.example SIP/2.0", cancel.StartLine);
        Assert.Equal(sentInvite.Header("Via"), cancel.Header("Via"));
        Assert.Equal(sentInvite.Header("From"), cancel.Header("From"));
        Assert.Equal(sentInvite.Header("To"), cancel.Header("To"));
        Assert.Equal(sentInvite.Header("Call-ID"), cancel.Header("Call-ID"));
        Assert.Equal(sentInvite.Header("Route"), cancel.Header("Route"));
        Assert.Equal("1 CANCEL", cancel.Header("CSeq"));
        Assert.Same(cancelTx, invite.CancelTransaction);

        // The CANCEL's 200 and the INVITE's 487 each find their own transaction by branch + CSeq method.
        _h.Respond(cancelTx, 200);
        _h.Respond(invite, 487);
        Assert.Equal(SipTransactionState.Completed, cancelTx.State);
        Assert.Equal(SipTransactionState.Completed, invite.State);
        Assert.Single(_h.Sender.Requests(SipMethods.Ack));
        Assert.Equal([180, 200, 487], _h.User.Responses.Select(r => r.Response.StatusCode));
        Assert.Same(cancelTx, _h.User.Responses[1].Tx);
    }

    [Fact]
    public void ClientCancelWaitsForFirstProvisional()
    {
        var actual = TransactionHarness.Udp with { ConnectionId = 9 };
        _h.Sender.ActualRemote = actual;
        var invite = (ClientInviteTransaction)_h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);
        var cancelTx = _h.Layer.SendCancel(invite);
        Assert.Empty(_h.Sender.Requests(SipMethods.Cancel));

        _h.AdvanceTo(0.7);
        _h.Respond(invite, 100, toTag: null);

        var cancel = Assert.Single(_h.Sender.Requests(SipMethods.Cancel));
        Assert.Equal(actual, cancel.Remote);
        Assert.Equal(SipTransactionState.Trying, cancelTx.State);
    }

    [Fact]
    public void ClientCancelIsDroppedWhenFinalArrivesBeforeAnyProvisional()
    {
        var invite = (ClientInviteTransaction)_h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);
        var cancelTx = _h.Layer.SendCancel(invite);

        _h.Respond(invite, 486);

        Assert.Empty(_h.Sender.Requests(SipMethods.Cancel));
        Assert.Equal(SipTransactionState.Terminated, cancelTx.State);
    }

    [Fact]
    public void SynchronousTransportErrorIsSurfacedToClientUser()
    {
        _h.Sender.Fail = _ => FakeSipSender.SendFailure.Throws;

        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);

        var error = Assert.Single(_h.User.TransportErrors);
        Assert.Same(tx, error.Tx);
        Assert.IsType<SipTransportException>(error.Error);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
        _h.AdvanceTo(40);
        Assert.Empty(_h.User.Timeouts);
    }

    [Fact]
    public void FailedRetransmissionIsSurfacedToClientUser()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Options), TransactionHarness.Udp, _h.User);
        _h.Sender.Fail = _ => FakeSipSender.SendFailure.Faulted;

        _h.AdvanceTo(0.5);

        Assert.Same(tx, Assert.Single(_h.User.TransportErrors).Tx);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void TransactionsLeaveTheTableWhenTheyTerminate()
    {
        _h.User.Answer = tx => tx.SendResponse(SipResponse.CreateFor(tx.Request, tx.Request.Method == SipMethods.Invite ? 486 : 200, null, "hl1"));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Options, branch: "z9hG4bKopt"));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite, branch: "z9hG4bKinv2", callId: "two@198.51.100.7"));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, branch: "z9hG4bKinv2", toTag: "hl1", callId: "two@198.51.100.7"));
        var inv = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Invite), TransactionHarness.Udp, _h.User);
        var opt = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Options, 2), TransactionHarness.Udp, _h.User);
        _h.Respond(inv, 200);
        _h.Respond(opt, 404);
        Assert.Equal(5, _h.Layer.Count);

        _h.AdvanceTo(64);

        Assert.Equal(0, _h.Layer.Count);
        Assert.Equal(0, _h.Wheel.Count);
    }

    [Fact]
    public void ConcurrentCopiesOfOneInviteCreateOneTransaction()
    {
        var wire = TransactionHarness.Incoming(SipMethods.Invite);

        Parallel.For(0, 64, _ => _h.Deliver(wire));

        Assert.Single(_h.User.Requests);
        Assert.Equal(1, _h.Layer.Count);

        // Every copy but the first is a retransmission, answered with the 100 Trying it provokes.
        Assert.Equal(63, _h.Sender.Responses(100).Count);
    }

    [Fact]
    public void ThrowingUserDoesNotEscapeIntoTheTransport()
    {
        _h.User.Answer = _ => throw new InvalidOperationException("core bug");

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Options));

        Assert.Single(_h.User.Requests);
    }

    [Fact]
    public void CountsCreatedRetransmittedAndTimedOutTransactions()
    {
        var measurements = new List<(string Instrument, long Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, _h.Layer.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value));
            }
        });
        listener.Start();

        _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Options), TransactionHarness.Udp, _h.User);
        _h.AdvanceTo(40);

        long Sum(string name) => measurements.Where(m => m.Instrument == name).Sum(m => m.Value);
        Assert.Equal(1, Sum("sip.transactions.created"));
        Assert.Equal(0, Sum("sip.transactions.active"));
        Assert.Equal(10, Sum("sip.transactions.retransmissions"));
        Assert.Equal(1, Sum("sip.transactions.timeouts"));
    }

    private static SipRequest SipRequest() => TransactionHarness.NewRequest(SipMethods.Invite);
}
