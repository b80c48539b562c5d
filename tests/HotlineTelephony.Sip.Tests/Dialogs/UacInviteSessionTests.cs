using System.Text;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Tests.TestSupport;

namespace HotlineTelephony.Sip.Tests.Dialogs;

public sealed class UacInviteSessionTests : IDisposable
{
    private readonly UaHarness _ua = new();
    private readonly FakePeer _phone;
    private readonly List<SessionTermination> _ends = [];

    public UacInviteSessionTests()
    {
        _phone = _ua.Peer("192.0.2.20", 5062, "2001");
    }

    public void Dispose() => _ua.Dispose();

    [Fact]
    public void InviteAdvertisesSessionTimersAndOurContact()
    {
        Call(FakePeer.Sdp());

        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        Assert.Equal(_phone.Uri.ToString(), invite.RequestUriText);
        Assert.Equal("timer", invite.Headers.Get(HeaderId.Supported));
        Assert.Equal("1800", invite.Headers.Get(HeaderId.SessionExpires));
        Assert.Equal("90", invite.Headers.Get(HeaderId.MinSE));
        Assert.Equal("<sip:10.0.0.1:5060>", invite.Headers.Get(HeaderId.Contact));
        Assert.Equal("1 INVITE", invite.Headers.Get(HeaderId.CSeq));
        Assert.NotNull(invite.From.Tag);
    }

    [Fact]
    public void TwoHundredIsAckedWithTheSameCSeqNumberANewBranchAndTheReversedRecordRoute()
    {
        var session = Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        SipResponse? answered = null;
        session.Answered += (_, r) => answered = r;

        _phone.Respond(invite, 200, sdp: "v=0 answer", edit: r =>
        {
            r.Headers.Add(HeaderId.RecordRoute, "<sip:192.0.2.50;lr>");
            r.Headers.Add(HeaderId.RecordRoute, "<sip:192.0.2.60:5070;lr>");
        });

        var sent = Assert.Single(_ua.Wire.Sent, s => s.Message is SipRequest { Method: SipMethods.Ack });
        var ack = (SipRequest)sent.Message;
        Assert.Equal("1 ACK", ack.Headers.Get(HeaderId.CSeq));
        Assert.NotEqual(invite.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.True(ack.TopVia.IsRfc3261Branch);
        Assert.Equal(_phone.Uri.ToString(), ack.RequestUriText);
        Assert.Equal(["<sip:192.0.2.60:5070;lr>", "<sip:192.0.2.50;lr>"], ack.Headers.GetValues(HeaderId.Route));
        Assert.Equal(SipTestWire.Udp("192.0.2.60", 5070), sent.Remote);
        Assert.NotNull(answered);
        Assert.Equal("v=0 answer", session.RemoteSdp);
        Assert.Equal(InviteSessionState.Confirmed, session.State);
    }

    [Fact]
    public void StrictRouteBecomesTheRequestUriAndTheTargetGoesLastInRoute()
    {
        var session = Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        _phone.Respond(invite, 200, sdp: "v=0", edit: r => r.Headers.Add(HeaderId.RecordRoute, "<sip:192.0.2.70:5080>"));

        session.Bye();

        var bye = Assert.Single(_ua.Wire.Requests(SipMethods.Bye));
        Assert.Equal("sip:192.0.2.70:5080", bye.RequestUriText);
        Assert.Equal([$"<{_phone.Uri}>"], bye.Headers.GetValues(HeaderId.Route));
        Assert.Equal("2 BYE", bye.Headers.Get(HeaderId.CSeq));
    }

    [Fact]
    public void RetransmittedTwoHundredIsAckedAgain()
    {
        Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        var ok = _phone.Respond(invite, 200, sdp: "v=0");

        _phone.Send(ok);

        Assert.Equal(2, _ua.Wire.Requests(SipMethods.Ack).Count);
    }

    [Fact]
    public void TwoHundredArrivingAfterTheInviteTransactionEndedIsStillAcked()
    {
        Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        var ok = _phone.Respond(invite, 200, sdp: "v=0");
        _ua.Advance(TimeSpan.FromSeconds(40));

        _phone.Send(ok);

        Assert.Equal(2, _ua.Wire.Requests(SipMethods.Ack).Count);
    }

    [Fact]
    public void ForkedSecondTwoHundredIsAckedAndThenHungUp()
    {
        var session = Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        _phone.Respond(invite, 200, toTag: "first", sdp: "v=0 first");

        _phone.Respond(invite, 200, toTag: "second", sdp: "v=0 second");

        var acks = _ua.Wire.Requests(SipMethods.Ack);
        Assert.Equal(["first", "second"], acks.Select(a => a.To.Tag));
        var bye = Assert.Single(_ua.Wire.Requests(SipMethods.Bye));
        Assert.Equal("second", bye.To.Tag);
        Assert.Equal("first", session.Dialog!.RemoteTag);
        Assert.Equal("v=0 first", session.RemoteSdp);
        Assert.Equal(InviteSessionState.Confirmed, session.State);
    }

    [Fact]
    public void ProvisionalWithSdpRaisesTheEventAndKeepsTheEarlyMedia()
    {
        var session = Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        var codes = new List<int>();
        session.Provisional += (_, r) => codes.Add(r.StatusCode);

        _phone.Respond(invite, 100);
        _phone.Respond(invite, 183, sdp: "v=0 early");

        Assert.Equal([183], codes);
        Assert.Equal("v=0 early", session.RemoteSdp);
        Assert.Equal(InviteSessionState.Early, session.State);
        Assert.Equal(DialogState.Early, session.Dialog!.State);
    }

    [Fact]
    public void FailureResponseEndsTheSessionWithItsCode()
    {
        Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));

        _phone.Respond(invite, 486);

        var end = Assert.Single(_ends);
        Assert.Equal(TerminationReason.Rejected, end.Reason);
        Assert.Equal(486, end.StatusCode);
    }

    [Fact]
    public void NoResponseEndsTheSessionWithTimeoutAfterTimerB()
    {
        Call(FakePeer.Sdp());

        _ua.Advance(TimeSpan.FromSeconds(33));

        var end = Assert.Single(_ends);
        Assert.Equal(TerminationReason.Timeout, end.Reason);
        Assert.Equal(408, end.StatusCode);
    }

    [Fact]
    public void CancelAfterRingingSendsCancelAndEndsOn487()
    {
        var session = Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        _phone.Respond(invite, 180);

        session.Cancel();

        var cancel = Assert.Single(_ua.Wire.Requests(SipMethods.Cancel));
        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        _phone.Respond(cancel, 200);
        _phone.Respond(invite, 487);
        var end = Assert.Single(_ends);
        Assert.Equal(TerminationReason.Cancel, end.Reason);
        Assert.Equal(487, end.StatusCode);
    }

    [Fact]
    public void TwoHundredCrossingOurCancelIsAckedAndHungUp()
    {
        var session = Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        _phone.Respond(invite, 180);
        session.Cancel();

        _phone.Respond(invite, 200, sdp: "v=0");

        Assert.Single(_ua.Wire.Requests(SipMethods.Ack));
        Assert.Single(_ua.Wire.Requests(SipMethods.Bye));
        Assert.Equal(TerminationReason.Cancel, Assert.Single(_ends).Reason);
    }

    [Fact]
    public void OfferlessInviteAnswersTheOfferFromTheTwoHundredInTheAck()
    {
        var session = Call(sdp: null, s => s.OfferHandler = (_, offer) => offer.Contains("their-offer", StringComparison.Ordinal) ? "v=0 our-answer" : null);
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        Assert.True(invite.Body.IsEmpty);

        _phone.Respond(invite, 200, sdp: "v=0 their-offer");

        var ack = Assert.Single(_ua.Wire.Requests(SipMethods.Ack));
        Assert.Equal("v=0 our-answer", Encoding.UTF8.GetString(ack.Body.Span));
        Assert.Equal("application/sdp", ack.ContentType);
        Assert.Equal(InviteSessionState.Confirmed, session.State);
    }

    [Fact]
    public void SessionIntervalTooSmallIsRetriedWithThePeersMinSe()
    {
        Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));

        _phone.Respond(invite, 422, edit: r => r.Headers.Add(HeaderId.MinSE, "3600"));

        var retry = _ua.Wire.Requests(SipMethods.Invite)[1];
        Assert.Equal("2 INVITE", retry.Headers.Get(HeaderId.CSeq));
        Assert.Equal(invite.CallId, retry.CallId);
        Assert.Equal(invite.From.Tag, retry.From.Tag);
        Assert.Equal("3600", retry.Headers.Get(HeaderId.MinSE));
        Assert.Equal("3600", retry.Headers.Get(HeaderId.SessionExpires));
        Assert.Empty(_ends);
    }

    [Fact]
    public void IncomingByeAfterAnswerEndsTheSession()
    {
        Call(FakePeer.Sdp());
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        var ok = _phone.Respond(invite, 200, toTag: "p1", sdp: "v=0");
        var peerDialog = PeerDialog.FromUas(invite, "p1");

        _phone.Send(peerDialog.Next(_phone, SipMethods.Bye));

        Assert.Single(_ua.Wire.Responses(200, SipMethods.Bye));
        Assert.Equal(TerminationReason.RemoteBye, Assert.Single(_ends).Reason);
        Assert.NotNull(ok);
    }

    private InviteSession Call(string? sdp, Action<InviteSession>? configure = null) =>
        _ua.Core.Invite(
            _phone.Uri,
            _phone.Remote,
            NameAddress.Parse("\"Hotline\" <sip:12345@10.0.0.1>"),
            new NameAddress(_phone.Uri),
            sdp,
            configure: s =>
            {
                s.Terminated += (_, e) => _ends.Add(e);
                configure?.Invoke(s);
            });
}
