using System.Runtime.CompilerServices;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Tests.Transactions;

public sealed class ServerNonInviteTransactionTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void RetransmissionWhileTryingIsAbsorbedSilently()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Options));
        _h.AdvanceTo(0.5);
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Options));

        Assert.Single(_h.User.Requests);
        Assert.Empty(_h.Sender.Sent);
        Assert.Equal(SipTransactionState.Trying, _h.User.Requests[0].State);
    }

    [Fact]
    public void RetransmissionWhileProceedingResendsLastProvisional()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Register));
        var tx = _h.User.Requests.Single();
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 100));
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Register));

        Assert.Equal(["SIP/2.0 100 Trying", "SIP/2.0 100 Trying"], _h.Sender.Sent.Select(m => m.StartLine));
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void TimerJResendsFinalResponseToRetransmissionsThenTerminates()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Bye, toTag: "hl1"));
        var tx = _h.User.Requests.Single();
        tx.SendResponse(SipResponse.CreateFor(tx.Request, 200));
        Assert.False(tx.SendResponse(SipResponse.CreateFor(tx.Request, 500)));
        _h.AdvanceTo(1);
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Bye, toTag: "hl1"));

        Assert.Single(_h.User.Requests);
        Assert.Equal([0, 1], _h.Sender.Responses(200).Select(m => m.At.TotalSeconds));
        Assert.Equal(_h.Sender.Sent[0].Text, _h.Sender.Sent[1].Text);

        _h.AdvanceTo(31.99);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        _h.AdvanceTo(32);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void ACompletedTransactionResendsTheSameFinalResponseHavingDroppedTheRequestBody()
    {
        var info = TransactionHarness.Incoming(SipMethods.Info, toTag: "hl1").Replace("Content-Length: 0\r\n\r\n",
            "Content-Type: application/dtmf-relay\r\nContent-Length: 13\r\n\r\nSignal=5\r\nD=1");
        _h.Deliver(info);
        var tx = _h.User.Requests.Single();
        var received = Track(tx);
        Answer(tx);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.False(received.IsAlive);
        Assert.True(tx.Request.Body.IsEmpty);
        Assert.Equal((SipMethods.Info, "abc@198.51.100.7"), (tx.Request.Method, tx.Request.CallId));
        _h.AdvanceTo(2);
        _h.Deliver(info);
        Assert.Equal(2, _h.Sender.Responses(200).Count());
        Assert.Equal(_h.Sender.Sent[0].Text, _h.Sender.Sent[1].Text);
        Assert.Equal(SipTransactionState.Completed, tx.State);
    }

    // The original request is touched only in these methods: unoptimised (tier-0) test code keeps its temporaries
    // alive to the end of the method, which would hide whether the transaction still holds the request.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Track(ServerTransaction tx) => new(tx.Request);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Answer(ServerTransaction tx) => tx.SendResponse(SipResponse.CreateFor(tx.Request, 200));

    [Fact]
    public void TimerJIsZeroOnReliableTransport()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Options, transport: "TCP"), TransactionHarness.Tcp);
        var tx = _h.User.Requests.Single();

        tx.SendResponse(SipResponse.CreateFor(tx.Request, 200));

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
        Assert.Equal(TransactionHarness.Tcp, _h.Sender.Sent.Single().Remote);
    }
}
