using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Tests.Transactions;

public sealed class ClientNonInviteTransactionTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void TimerERetransmitsDoublingCappedAtT2()
    {
        _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Options), TransactionHarness.Udp, _h.User);

        _h.AdvanceTo(20);

        var times = _h.Sender.Requests(SipMethods.Options).Select(m => m.At.TotalSeconds);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5], times);
    }

    [Fact]
    public void TimerERetransmitsEveryT2OnceProceeding()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Register), TransactionHarness.Udp, _h.User);
        _h.AdvanceTo(0.2);
        _h.Respond(tx, 100, toTag: null);

        _h.AdvanceTo(13);

        var times = _h.Sender.Requests(SipMethods.Register).Select(m => m.At.TotalSeconds);
        Assert.Equal([0, 0.5, 4.5, 8.5, 12.5], times);
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void TimerFReportsTimeoutAt32Seconds()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Options), TransactionHarness.Udp, _h.User);

        _h.AdvanceTo(31.99);
        Assert.Empty(_h.User.Timeouts);
        _h.AdvanceTo(40);

        Assert.Equal(TimeSpan.FromSeconds(32), Assert.Single(_h.User.Timeouts).At);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
        Assert.Equal(31.5, _h.Sender.Sent[^1].At.TotalSeconds);
    }

    [Fact]
    public void TimerKAbsorbsRetransmittedResponsesThenTerminatesAfterT4()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Options), TransactionHarness.Udp, _h.User);
        _h.Respond(tx, 200);
        _h.AdvanceTo(2);
        _h.Respond(tx, 200);

        Assert.Single(_h.User.Responses);
        Assert.Single(_h.Sender.Sent);
        Assert.Equal(SipTransactionState.Completed, tx.State);

        _h.AdvanceTo(4.99);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        _h.AdvanceTo(5);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }

    [Fact]
    public void ReliableTransportHasNoRetransmissionsAndZeroTimerK()
    {
        var tx = _h.Layer.SendRequest(TransactionHarness.NewRequest(SipMethods.Options), TransactionHarness.Tcp, _h.User);
        _h.AdvanceTo(20);
        Assert.Single(_h.Sender.Sent);

        _h.Respond(tx, 200, source: TransactionHarness.Tcp);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _h.Layer.Count);
    }
}
