using System.Runtime.CompilerServices;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Tests.Transactions;

public sealed class ServerInviteTransactionTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void SendsTryingWhenCoreIsSilentFor200Milliseconds()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = Assert.IsType<ServerInviteTransaction>(Assert.Single(_h.User.Requests));

        _h.AdvanceTo(0.19);
        Assert.Empty(_h.Sender.Sent);
        _h.AdvanceTo(0.2);

        var trying = Assert.Single(_h.Sender.Sent);
        Assert.Equal("SIP/2.0 100 Trying", trying.StartLine);
        Assert.Equal("<sip:12345@hotline.example>", trying.Header("To"));
        Assert.Equal("SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKcaller1;rport", trying.Header("Via"));
        Assert.Equal(TransactionHarness.Udp, trying.Remote);
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void NoTryingWhenCoreRingsWithin200Milliseconds()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = _h.User.Requests.Single();
        _h.AdvanceTo(0.1);
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 180, null, "hl1"));

        _h.AdvanceTo(1);

        Assert.Equal(["SIP/2.0 180 Ringing"], _h.Sender.Sent.Select(m => m.StartLine));
    }

    [Fact]
    public void TryingGoesOutAtOnceWhenConfiguredWithZeroDelay()
    {
        using var h = new TransactionHarness(new SipTimerOptions { TryingDelay = TimeSpan.Zero });
        h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));

        Assert.Equal("SIP/2.0 100 Trying", Assert.Single(h.Sender.Sent).StartLine);
    }

    [Fact]
    public void RetransmittedInviteIsAbsorbedAndLastProvisionalResent()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = _h.User.Requests.Single();
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 180, null, "hl1"));
        _h.AdvanceTo(0.5);

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));

        Assert.Single(_h.User.Requests);
        Assert.Equal(["SIP/2.0 180 Ringing", "SIP/2.0 180 Ringing"], _h.Sender.Sent.Select(m => m.StartLine));
        Assert.Equal(_h.Sender.Sent[0].Text, _h.Sender.Sent[1].Text);
    }

    [Fact]
    public void RetransmittedInviteBeforeAnyProvisionalGetsTryingAtOnce()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        _h.AdvanceTo(0.1);
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        _h.AdvanceTo(1);

        Assert.Equal("SIP/2.0 100 Trying", Assert.Single(_h.Sender.Sent).StartLine);
    }

    [Fact]
    public void TimerGRetransmitsFinalResponseDoublingCappedAtT2()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = _h.User.Requests.Single();
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 486, null, "hl1"));

        _h.AdvanceTo(20);

        var times = _h.Sender.Responses(486).Select(m => m.At.TotalSeconds);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5], times);
        Assert.Equal(SipTransactionState.Completed, tx.State);
    }

    [Fact]
    public void TimerHEndsTransactionWithoutAckAndReportsIt()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = Assert.IsType<ServerInviteTransaction>(_h.User.Requests.Single());
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 486, null, "hl1"));

        _h.AdvanceTo(31.99);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        _h.AdvanceTo(40);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.True(tx.AckTimedOut);
        Assert.Equal(0, _h.Layer.Count);
        Assert.Equal(31.5, _h.Sender.Sent[^1].At.TotalSeconds);
    }

    [Fact]
    public void AckForFailureIsAbsorbedAndTimerIEndsTransactionAfterT4()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = Assert.IsType<ServerInviteTransaction>(_h.User.Requests.Single());
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 486, null, "hl1"));
        _h.AdvanceTo(1);

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, toTag: "hl1"));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, toTag: "hl1"));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));

        Assert.Empty(_h.User.Acks);
        Assert.Equal(SipTransactionState.Confirmed, tx.State);
        Assert.Equal([0, 0.5], _h.Sender.Responses(486).Select(m => m.At.TotalSeconds));

        _h.AdvanceTo(5.99);
        Assert.Equal(SipTransactionState.Confirmed, tx.State);
        _h.AdvanceTo(6);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.False(tx.AckTimedOut);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void ReliableTransportHasNoTimerGAndZeroTimerI()
    {
        var source = TransactionHarness.Tcp;
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite, transport: "TCP"), source);
        var tx = _h.User.Requests.Single();
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 480, null, "hl1"));
        _h.AdvanceTo(10);
        Assert.Single(_h.Sender.Sent);

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, toTag: "hl1", transport: "TCP"), source);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void TimerLAbsorbsRetransmittedInvitesAndPassesCoreTwoXxOn()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = _h.User.Requests.Single();
        var ok = SipResponse.CreateFor(tx.Request, 200, null, "hl1");
        Assert.True(tx.SendResponse(ok));
        _h.AdvanceTo(1);

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        Assert.True(tx.SendResponse(ok));
        Assert.False(tx.SendResponse(SipResponse.CreateFor(tx.Request, 486, null, "hl1")));

        Assert.Single(_h.User.Requests);
        Assert.Equal(["SIP/2.0 200 OK", "SIP/2.0 200 OK"], _h.Sender.Sent.Select(m => m.StartLine));
        Assert.Equal(SipTransactionState.Accepted, tx.State);

        // The transaction itself never retransmits the 2xx (§13.3.1.4 puts that on the core).
        _h.AdvanceTo(31.99);
        Assert.Equal(2, _h.Sender.Sent.Count);
        _h.AdvanceTo(32);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void AnAcceptedInviteKeepsOnlyItsIdentityForTimerL()
    {
        // RFC 6026 Accepted only swallows retransmitted INVITEs; holding the whole INVITE and 2xx (SDP, received
        // bytes) for 64·T1 per call was most of the long-lived heap under load.
        var invite = TransactionHarness.Incoming(SipMethods.Invite).Replace("Content-Length: 0\r\n\r\n",
            "Subject: water outage\r\nContent-Type: application/sdp\r\nContent-Length: 9\r\n\r\nv=0\r\ns=-\r\n");
        _h.Deliver(invite);
        var tx = _h.User.Requests.Single();
        var received = Track(tx);
        Assert.True(AcceptWithSdp(tx));

        Assert.Equal(SipTransactionState.Accepted, tx.State);
        Assert.Equal((SipMethods.Invite, "abc@198.51.100.7", 1u, "z9hG4bKcaller1"), (tx.Request.Method, tx.Request.CallId, tx.Request.CSeq.Number, tx.Request.TopVia!.Branch));
        Assert.Null(tx.Request.Headers.Get("Subject"));
        Assert.True(tx.Request.Body.IsEmpty);
        Assert.Equal((200, "hl1"), (tx.LastResponse!.StatusCode, tx.LastResponse.To.Tag));
        Assert.True(tx.LastResponse.Body.IsEmpty);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(received.IsAlive);

        // Still absorbs the retransmitted INVITE and still ends on Timer L.
        _h.Deliver(invite);
        Assert.Single(_h.User.Requests);
        Assert.Single(_h.Sender.Sent);
        _h.AdvanceTo(32);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    // The original request is touched only in these methods: unoptimised (tier-0) test code keeps its temporaries
    // alive to the end of the method, which would hide whether the transaction still holds the request.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Track(ServerTransaction tx) => new(tx.Request);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool AcceptWithSdp(ServerTransaction tx)
    {
        var ok = SipResponse.CreateFor(tx.Request, 200, null, "hl1");
        ok.Body = "v=0\r\ns=-\r\n"u8.ToArray();
        return tx.SendResponse(ok);
    }

    [Fact]
    public void AckForTwoXxGoesToTheCore()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = _h.User.Requests.Single();
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 200, null, "hl1"));

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, branch: "z9hG4bKack2xx", toTag: "hl1"));

        var ack = Assert.Single(_h.User.Acks);
        Assert.Equal("z9hG4bKack2xx", ack.TopVia!.Branch);
        Assert.Equal(SipTransactionState.Accepted, tx.State);
    }

    [Fact]
    public void AckReusingInviteBranchWhileAcceptedGoesToTheCore()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = _h.User.Requests.Single();
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 200, null, "hl1"));

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, toTag: "hl1"));

        Assert.Single(_h.User.Acks);
    }

    [Fact]
    public void TransportErrorOnResponseEndsTransaction()
    {
        _h.Sender.Fail = m => m is SipResponse { StatusCode: 200 } ? FakeSipSender.SendFailure.Faulted : FakeSipSender.SendFailure.None;
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var tx = _h.User.Requests.Single();

        Assert.True(tx.SendResponse(SipResponse.CreateFor(tx.Request, 200, null, "hl1")));

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }
}
