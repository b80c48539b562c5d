using System.Text;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Tests.TestSupport;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Sip.Tests.UserAgents;

public sealed class B2BuaBridgeTests : IDisposable
{
    private readonly UaHarness _ua = new();
    private readonly FakePeer _carrier;
    private readonly FakePeer _deskPhone;
    private readonly FakePeer _softPhone;
    private B2BuaBridge? _bridge;

    public B2BuaBridgeTests()
    {
        _carrier = _ua.Peer("192.0.2.1", 5060, "carrier");
        _deskPhone = _ua.Peer("192.0.2.20", 5062, "2001");
        _softPhone = _ua.Peer("192.0.2.21", 5064, "2001");
    }

    public void Dispose() => _ua.Dispose();

    [Fact]
    public void RingingAndAnswerFromBAreRelayedToA()
    {
        var aInvite = CallIn(_deskPhone);
        var bInvite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));
        Assert.Equal("69", bInvite.Headers.Get(HeaderId.MaxForwards));
        Assert.Equal(aInvite.From.Uri, bInvite.From.Uri);
        Assert.NotEqual(aInvite.CallId, bInvite.CallId);

        _deskPhone.Respond(bInvite, 180);
        Assert.Single(_ua.Wire.Responses(180), r => r.CallId == aInvite.CallId);

        _deskPhone.Respond(bInvite, 200, sdp: FakePeer.Sdp("sendrecv", "192.0.2.20"));
        var okA = Assert.Single(_ua.Wire.Responses(200, SipMethods.Invite), r => r.CallId == aInvite.CallId);
        Assert.Contains("192.0.2.20", Encoding.UTF8.GetString(okA.Body.Span));
        Assert.Single(_ua.Wire.Requests(SipMethods.Ack, _deskPhone.Remote));
        Assert.Same(_bridge!.B, _bridge.Legs[0]);
    }

    [Fact]
    public void EarlyMediaSdpIsRelayedThroughTheRewriteHook()
    {
        var aInvite = CallIn(_deskPhone, bridge => bridge.RewriteSdp = sdp => sdp?.Replace("192.0.2.20", "10.0.0.1", StringComparison.Ordinal));
        var bInvite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));

        _deskPhone.Respond(bInvite, 183, sdp: FakePeer.Sdp("sendrecv", "192.0.2.20"));

        var early = Assert.Single(_ua.Wire.Responses(183), r => r.CallId == aInvite.CallId);
        Assert.Contains("c=IN IP4 10.0.0.1", Encoding.UTF8.GetString(early.Body.Span));
    }

    [Fact]
    public void CancelFromACancelsBAndAGets487()
    {
        var aInvite = CallIn(_deskPhone);
        var bInvite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));
        _deskPhone.Respond(bInvite, 180);

        _carrier.Cancel(aInvite);

        Assert.Single(_ua.Wire.Responses(487), r => r.CallId == aInvite.CallId);
        var cancel = Assert.Single(_ua.Wire.Requests(SipMethods.Cancel, _deskPhone.Remote));
        Assert.Equal(bInvite.TopVia!.Branch, cancel.TopVia!.Branch);
    }

    [Fact]
    public void BusyFromBIsBusyForA()
    {
        var aInvite = CallIn(_deskPhone);
        var bInvite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));

        _deskPhone.Respond(bInvite, 486);

        Assert.Single(_ua.Wire.Responses(486), r => r.CallId == aInvite.CallId);
    }

    [Fact]
    public void TimeoutFromBBecomes480ForA()
    {
        var aInvite = CallIn(_deskPhone);
        var bInvite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));

        _deskPhone.Respond(bInvite, 408);

        Assert.Single(_ua.Wire.Responses(480), r => r.CallId == aInvite.CallId);
    }

    [Fact]
    public void NoAnswerWithinTheTimeoutCancelsBAndAnswersA480()
    {
        var aInvite = CallIn(_deskPhone);
        var bInvite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));
        _deskPhone.Respond(bInvite, 180);

        _ua.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Empty(_ua.Wire.Requests(SipMethods.Cancel));
        _ua.Advance(TimeSpan.FromSeconds(0.2));

        Assert.Single(_ua.Wire.Requests(SipMethods.Cancel, _deskPhone.Remote));
        Assert.Single(_ua.Wire.Responses(480), r => r.CallId == aInvite.CallId);
    }

    [Fact]
    public void ByeFromAIsPassedToBAndByeFromBToA()
    {
        var aInvite = CallIn(_deskPhone);
        var bInvite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));
        _deskPhone.Respond(bInvite, 200, toTag: "b", sdp: FakePeer.Sdp());
        var okA = Assert.Single(_ua.Wire.Responses(200, SipMethods.Invite), r => r.CallId == aInvite.CallId);
        _carrier.Ack(okA);
        SessionTermination? ended = null;
        _bridge!.Ended += (_, e) => ended = e;

        _carrier.Send(PeerDialog.FromUac(okA).Next(_carrier, SipMethods.Bye));

        var bye = Assert.Single(_ua.Wire.Requests(SipMethods.Bye, _deskPhone.Remote));
        Assert.Equal(bInvite.CallId, bye.CallId);
        Assert.Equal(TerminationReason.RemoteBye, ended!.Reason);
    }

    [Fact]
    public void ByeFromBIsPassedToA()
    {
        var aInvite = CallIn(_deskPhone);
        var bInvite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));
        _deskPhone.Respond(bInvite, 200, toTag: "b", sdp: FakePeer.Sdp());
        var okA = Assert.Single(_ua.Wire.Responses(200, SipMethods.Invite), r => r.CallId == aInvite.CallId);
        _carrier.Ack(okA);

        _deskPhone.Send(PeerDialog.FromUas(bInvite, "b").Next(_deskPhone, SipMethods.Bye));

        var bye = Assert.Single(_ua.Wire.Requests(SipMethods.Bye, _carrier.Remote));
        Assert.Equal(aInvite.CallId, bye.CallId);
    }

    [Fact]
    public void ForkedCallIsWonByTheFirstAnswerAndTheOtherLegIsCancelled()
    {
        var aInvite = CallIn([_deskPhone, _softPhone]);
        var desk = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));
        var soft = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _softPhone.Remote));
        _deskPhone.Respond(desk, 180);
        _softPhone.Respond(soft, 180);

        _softPhone.Respond(soft, 200, sdp: FakePeer.Sdp("sendrecv", "192.0.2.21"));

        var okA = Assert.Single(_ua.Wire.Responses(200, SipMethods.Invite), r => r.CallId == aInvite.CallId);
        Assert.Contains("192.0.2.21", Encoding.UTF8.GetString(okA.Body.Span));
        var cancel = Assert.Single(_ua.Wire.Requests(SipMethods.Cancel, _deskPhone.Remote));
        Assert.Equal(desk.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.Equal("SIP;cause=200;text=\"Call completed elsewhere\"", cancel.Headers.Get(HeaderId.Reason));
        Assert.Empty(_ua.Wire.Requests(SipMethods.Cancel, _softPhone.Remote));

        // The cancelled leg's 487 does not disturb the answered call.
        _deskPhone.Respond(desk, 487);
        Assert.Single(_ua.Wire.FinalResponses(), r => r.CallId == aInvite.CallId);
        Assert.Equal(InviteSessionState.WaitingForAck, _bridge!.A.State);
    }

    [Fact]
    public void ForkedCallReportsTheBestFailureWhenEveryLegFails()
    {
        var aInvite = CallIn([_deskPhone, _softPhone]);
        var desk = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _deskPhone.Remote));
        var soft = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _softPhone.Remote));

        _deskPhone.Respond(desk, 480);
        Assert.DoesNotContain(_ua.Wire.FinalResponses(), r => r.CallId == aInvite.CallId);
        _softPhone.Respond(soft, 486);

        Assert.Equal(486, Assert.Single(_ua.Wire.FinalResponses(), r => r.CallId == aInvite.CallId).StatusCode);
    }

    [Theory]
    [InlineData(new[] { 480, 486 }, 486)]
    [InlineData(new[] { 404, 486 }, 486)]
    [InlineData(new[] { 408, 487 }, 480)]
    [InlineData(new[] { 503, 404 }, 404)]
    [InlineData(new[] { 500, 480 }, 480)]
    [InlineData(new[] { 603 }, 603)]
    public void BestFailurePrefersTheLowestClassAndBusy(int[] failures, int expected) =>
        Assert.Equal(expected, B2BuaBridge.BestFailure(failures));

    private SipRequest CallIn(FakePeer target, Action<B2BuaBridge>? configure = null) => CallIn([target], configure);

    private SipRequest CallIn(FakePeer[] targets, Action<B2BuaBridge>? configure = null)
    {
        _ua.App.OnInviteAction = invite =>
        {
            _bridge = new B2BuaBridge(_ua.Core, invite);
            configure?.Invoke(_bridge);
            _bridge.Start(targets.Select(t => new B2BuaTarget(t.Uri, t.Remote, UseFlow: true)).ToList());
        };
        return _carrier.SendInvite(FakePeer.Sdp());
    }
}
