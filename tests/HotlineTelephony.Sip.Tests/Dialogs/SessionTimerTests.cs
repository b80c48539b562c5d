using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Tests.TestSupport;

namespace HotlineTelephony.Sip.Tests.Dialogs;

public sealed class SessionTimerTests : IDisposable
{
    private readonly UaHarness _ua = new();
    private readonly FakePeer _carrier;
    private readonly List<SessionTermination> _ends = [];

    public SessionTimerTests()
    {
        _carrier = _ua.Peer("192.0.2.1", 5060, "carrier");
    }

    public void Dispose() => _ua.Dispose();

    [Fact]
    public void PeerSupportingTimersWithoutChoosingGetsRequireTimerAndRefresherUac()
    {
        var (ok, session, _) = IncomingCall("1800", supportsTimer: true);

        Assert.Equal("1800;refresher=uac", ok.Headers.Get(HeaderId.SessionExpires));
        Assert.Equal("timer", ok.Headers.Get(HeaderId.Require));
        Assert.False(session.IsRefresher);
        Assert.Equal(TimeSpan.FromSeconds(1800), session.SessionInterval);
    }

    [Fact]
    public void NonRefresherHangsUpAtIntervalMinus32SecondsWithoutARefresh()
    {
        IncomingCall("1800", supportsTimer: true);

        _ua.Advance(TimeSpan.FromSeconds(1767.9));
        Assert.Empty(_ua.Wire.Requests(SipMethods.Bye));

        _ua.Advance(TimeSpan.FromSeconds(0.2));
        var bye = Assert.Single(_ua.Wire.Requests(SipMethods.Bye));
        Assert.Contains("cause=408", bye.Headers.Get(HeaderId.Reason));
        Assert.Equal(TerminationReason.SessionExpired, Assert.Single(_ends).Reason);
    }

    [Fact]
    public void ShortIntervalNonRefresherHangsUpAtTwoThirds()
    {
        IncomingCall("90", supportsTimer: true);

        _ua.Advance(TimeSpan.FromSeconds(59.9));
        Assert.Empty(_ua.Wire.Requests(SipMethods.Bye));

        _ua.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Single(_ua.Wire.Requests(SipMethods.Bye));
    }

    [Fact]
    public void RefreshFromThePeerRestartsTheExpiry()
    {
        var (_, session, peer) = IncomingCall("90", supportsTimer: true);
        _ua.Advance(TimeSpan.FromSeconds(40));
        var refresh = peer.Next(_carrier, SipMethods.Update);
        refresh.Headers.Add(HeaderId.Supported, "timer");
        refresh.Headers.Add(HeaderId.SessionExpires, "90;refresher=uac");

        _carrier.Send(refresh);
        var ok = Assert.Single(_ua.Wire.Responses(200, SipMethods.Update));
        Assert.Equal("90;refresher=uac", ok.Headers.Get(HeaderId.SessionExpires));
        _ua.Advance(TimeSpan.FromSeconds(59.9));

        Assert.Empty(_ua.Wire.Requests(SipMethods.Bye));
        _ua.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Single(_ua.Wire.Requests(SipMethods.Bye));
        Assert.Equal(InviteSessionState.Terminated, session.State);
    }

    [Fact]
    public void RefresherSendsReInviteWithTheSameSdpAtHalfTheInterval()
    {
        var (_, session, _) = IncomingCall("90;refresher=uas", supportsTimer: true, allowUpdate: false);
        Assert.True(session.IsRefresher);

        _ua.Advance(TimeSpan.FromSeconds(44.9));
        Assert.Empty(_ua.Wire.Requests(SipMethods.Invite, _carrier.Remote));

        _ua.Advance(TimeSpan.FromSeconds(0.2));
        var refresh = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _carrier.Remote));
        Assert.Equal("90;refresher=uac", refresh.Headers.Get(HeaderId.SessionExpires));
        Assert.Equal(session.LocalSdp, System.Text.Encoding.UTF8.GetString(refresh.Body.Span));

        // The 2xx restarts the cycle: the next refresh is another half interval away.
        _carrier.Respond(refresh, 200, toTag: refresh.To.Tag, sdp: session.RemoteSdp, edit: r => r.Headers.Add(HeaderId.SessionExpires, "90;refresher=uac"));
        _ua.Advance(TimeSpan.FromSeconds(44.8));
        Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _carrier.Remote).DistinctBy(r => r.CSeq.Number));
        _ua.Advance(TimeSpan.FromSeconds(0.3));
        Assert.Equal(2, _ua.Wire.Requests(SipMethods.Invite, _carrier.Remote).DistinctBy(r => r.CSeq.Number).Count());
        Assert.Empty(_ends);
    }

    [Fact]
    public void RefresherUsesUpdateWhenThePeerAllowsIt()
    {
        IncomingCall("90;refresher=uas", supportsTimer: true, allowUpdate: true);

        _ua.Advance(TimeSpan.FromSeconds(45.1));

        var update = Assert.Single(_ua.Wire.Requests(SipMethods.Update));
        Assert.True(update.Body.IsEmpty);
        Assert.Equal("90;refresher=uac", update.Headers.Get(HeaderId.SessionExpires));
    }

    [Fact]
    public void RefreshAnswered481EndsTheCallWithBye()
    {
        IncomingCall("90;refresher=uas", supportsTimer: true, allowUpdate: false);
        _ua.Advance(TimeSpan.FromSeconds(45.1));
        var refresh = Assert.Single(_ua.Wire.Requests(SipMethods.Invite, _carrier.Remote));

        _carrier.Respond(refresh, 481, toTag: refresh.To.Tag);

        Assert.Single(_ua.Wire.Requests(SipMethods.Bye));
        Assert.Equal(TerminationReason.SessionExpired, Assert.Single(_ends).Reason);
    }

    [Fact]
    public void PeerWithoutTimerSupportLeavesUsAsRefresherWithoutRequire()
    {
        var (ok, session, _) = IncomingCall(sessionExpires: null, supportsTimer: false);

        Assert.Equal("1800;refresher=uas", ok.Headers.Get(HeaderId.SessionExpires));
        Assert.Null(ok.Headers.Get(HeaderId.Require));
        Assert.True(session.IsRefresher);
    }

    [Fact]
    public void UacHonoursTheRefresherTheAnswerChose()
    {
        var phone = _ua.Peer("192.0.2.20", 5062, "2001");
        var session = _ua.Core.Invite(phone.Uri, phone.Remote, NameAddress.Parse("<sip:12345@10.0.0.1>"), new NameAddress(phone.Uri), "v=0");
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));

        phone.Respond(invite, 200, sdp: "v=0", edit: r =>
        {
            r.Headers.Add(HeaderId.Require, "timer");
            r.Headers.Add(HeaderId.SessionExpires, "120;refresher=uas");
        });

        Assert.False(session.IsRefresher);
        Assert.Equal(TimeSpan.FromSeconds(120), session.SessionInterval);
    }

    private (SipResponse Ok, InviteSession Session, PeerDialog Peer) IncomingCall(string? sessionExpires, bool supportsTimer, bool allowUpdate = true)
    {
        _carrier.SendInvite(FakePeer.Sdp(), r =>
        {
            if (supportsTimer)
            {
                r.Headers.Add(HeaderId.Supported, "timer");
            }

            if (sessionExpires is not null)
            {
                r.Headers.Add(HeaderId.SessionExpires, sessionExpires);
            }

            if (!allowUpdate)
            {
                r.Headers.Set(HeaderId.Allow, "INVITE, ACK, BYE, CANCEL, OPTIONS");
            }
        });
        var invite = _ua.App.Invites[^1];
        invite.Session.Terminated += (_, e) => _ends.Add(e);
        invite.Accept("v=0 ours");
        var ok = _ua.Wire.Responses(200, SipMethods.Invite)[^1];
        _carrier.Ack(ok);
        _ua.Wire.Clear();
        return (ok, invite.Session, PeerDialog.FromUac(ok));
    }
}
