using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Tests.Transactions;

public sealed class TwoXxRetransmitterTests : IDisposable
{
    private readonly TransactionHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void ResendsTwoXxAtT1DoublingCappedAtT2AndReportsNoAckAt64T1()
    {
        var (invite, ok) = Answer();
        var noAck = new List<TimeSpan>();

        var retransmitter = _h.Layer.StartTwoXxRetransmission(invite, ok, _ => noAck.Add(_h.Now));
        _h.AdvanceTo(40);

        var times = _h.Sender.Responses(200).Select(m => m.At.TotalSeconds);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], times);
        Assert.Equal([TimeSpan.FromSeconds(32)], noAck);
        Assert.False(retransmitter.IsRunning);
        Assert.Equal(10, retransmitter.Retransmissions);
    }

    [Fact]
    public void StopsRetransmittingWhenAckArrives()
    {
        _h.User.Answer = null;
        var (invite, ok) = Answer();
        var noAck = 0;
        var retransmitter = _h.Layer.StartTwoXxRetransmission(invite, ok, _ => noAck++);
        _h.AdvanceTo(2);

        _h.Deliver(TransactionHarness.Incoming(SipMethods.Ack, branch: "z9hG4bKack", toTag: "hl1"));
        Assert.True(retransmitter.Stop());
        _h.AdvanceTo(40);

        Assert.Single(_h.User.Acks);
        Assert.Equal([0, 0.5, 1.5], _h.Sender.Responses(200).Select(m => m.At.TotalSeconds));
        Assert.Equal(0, noAck);
        Assert.False(retransmitter.Stop());
    }

    [Fact]
    public void RetransmitsOverReliableTransportsToo()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite, transport: "TCP"), TransactionHarness.Tcp);
        var invite = Assert.IsType<ServerInviteTransaction>(_h.User.Requests.Single());
        var ok = SipResponse.CreateFor(invite.Request, 200, null, "hl1");
        invite.SendResponse(ok);

        using var retransmitter = new DisposableStop(_h.Layer.StartTwoXxRetransmission(invite, ok, _ => { }));
        _h.AdvanceTo(2);

        Assert.Equal(3, _h.Sender.Responses(200).Count);
        Assert.All(_h.Sender.Sent, m => Assert.Equal(TransactionHarness.Tcp, m.Remote));
    }

    private (ServerInviteTransaction Invite, SipResponse Ok) Answer()
    {
        _h.Deliver(TransactionHarness.Incoming(SipMethods.Invite));
        var invite = Assert.IsType<ServerInviteTransaction>(_h.User.Requests.Single());
        var ok = SipResponse.CreateFor(invite.Request, 200, null, "hl1");
        invite.SendResponse(ok);
        return (invite, ok);
    }

    private sealed class DisposableStop(TwoXxRetransmitter retransmitter) : IDisposable
    {
        public void Dispose() => retransmitter.Stop();
    }
}
