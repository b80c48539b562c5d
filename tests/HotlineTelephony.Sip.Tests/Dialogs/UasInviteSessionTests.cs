using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Tests.TestSupport;

namespace HotlineTelephony.Sip.Tests.Dialogs;

public sealed class UasInviteSessionTests : IDisposable
{
    private readonly UaHarness _ua = new();
    private readonly FakePeer _carrier;

    public UasInviteSessionTests()
    {
        _carrier = _ua.Peer("192.0.2.1", 5060, "carrier");
    }

    public void Dispose() => _ua.Dispose();

    [Fact]
    public void ProvisionalCarriesOurToTagAndContactAndCreatesEarlyDialog()
    {
        _carrier.SendInvite(FakePeer.Sdp());
        var invite = Assert.Single(_ua.App.Invites);

        invite.SendProvisional(183, "v=0 early");

        var ringing = Assert.Single(_ua.Wire.Responses(183));
        Assert.Equal(invite.Session.LocalTag, ringing.To.Tag);
        Assert.Contains("sip:10.0.0.1:5060", ringing.Headers.Get(HeaderId.Contact));
        Assert.Equal("application/sdp", ringing.ContentType);
        Assert.Equal(InviteSessionState.Early, invite.Session.State);
        Assert.Equal(DialogState.Early, invite.Session.Dialog!.State);
    }

    [Fact]
    public void AnswerIsRetransmittedUntilTheAckArrives()
    {
        _carrier.SendInvite(FakePeer.Sdp());
        var invite = Assert.Single(_ua.App.Invites);
        var confirmed = 0;
        invite.Session.Confirmed += _ => confirmed++;

        invite.Accept("v=0 answer");
        _ua.Advance(TimeSpan.FromMilliseconds(1600));

        // Sent at 0, resent at 0.5 s, 1.5 s.
        var oks = _ua.Wire.Responses(200, SipMethods.Invite);
        Assert.Equal(3, oks.Count);
        Assert.All(oks, ok => Assert.Equal(invite.Session.LocalTag, ok.To.Tag));

        _carrier.Ack(oks[0]);
        _ua.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(3, _ua.Wire.Responses(200, SipMethods.Invite).Count);
        Assert.Equal(1, confirmed);
        Assert.Equal(InviteSessionState.Confirmed, invite.Session.State);
    }

    [Fact]
    public void NoAckWithin32SecondsSendsByeAndTerminates()
    {
        _carrier.SendInvite(FakePeer.Sdp());
        var invite = Assert.Single(_ua.App.Invites);
        SessionTermination? end = null;
        invite.Session.Terminated += (_, e) => end = e;

        invite.Accept("v=0 answer");
        _ua.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Empty(_ua.Wire.Requests(SipMethods.Bye));

        _ua.Advance(TimeSpan.FromSeconds(0.2));

        var bye = Assert.Single(_ua.Wire.Requests(SipMethods.Bye));
        Assert.Equal(_carrier.Uri.ToString(), bye.RequestUriText);
        Assert.Equal(TerminationReason.AckTimeout, end!.Reason);
    }

    [Fact]
    public void OfferlessInviteGetsOurOfferInTheAnswerAndTheAnswerFromTheAck()
    {
        _carrier.SendInvite(sdp: null);
        var invite = Assert.Single(_ua.App.Invites);
        Assert.Null(invite.Offer);
        string? answer = null;
        invite.Session.AnswerReceived += (_, sdp) => answer = sdp;

        invite.Accept("v=0 our-offer");
        var ok = Assert.Single(_ua.Wire.Responses(200, SipMethods.Invite));
        Assert.Contains("our-offer", System.Text.Encoding.UTF8.GetString(ok.Body.Span));
        _carrier.Ack(ok, "v=0 their-answer");

        Assert.Equal("v=0 their-answer", answer);
        Assert.Equal("v=0 their-answer", invite.Session.RemoteSdp);
    }

    [Fact]
    public void CancelBeforeAnswerEndsTheSessionAndTheLayerAnswers487()
    {
        var request = _carrier.SendInvite(FakePeer.Sdp());
        var invite = Assert.Single(_ua.App.Invites);
        invite.SendProvisional(180);
        var ends = new List<SessionTermination>();
        invite.Session.Terminated += (_, e) => ends.Add(e);

        _carrier.Cancel(request);

        Assert.Single(_ua.Wire.Responses(487, SipMethods.Invite));
        Assert.Single(_ua.Wire.Responses(200, SipMethods.Cancel));
        Assert.Equal(TerminationReason.Cancel, Assert.Single(ends).Reason);

        // The application's late answer is harmless.
        invite.Accept("v=0");
        Assert.Empty(_ua.Wire.Responses(200, SipMethods.Invite));
    }

    [Fact]
    public void RejectSendsTheFinalResponseWithExtraHeaders()
    {
        _carrier.SendInvite(FakePeer.Sdp());
        var invite = Assert.Single(_ua.App.Invites);
        SessionTermination? end = null;
        invite.Session.Terminated += (_, e) => end = e;

        invite.Reject(486, null, [new("Retry-After", "30")]);

        var busy = Assert.Single(_ua.Wire.Responses(486));
        Assert.Equal("30", busy.Headers.Get(HeaderId.RetryAfter));
        Assert.NotNull(busy.To.Tag);
        Assert.Equal(TerminationReason.Rejected, end!.Reason);
        Assert.Equal(486, end.StatusCode);
    }

    [Fact]
    public void IncomingByeIsAnswered200AndEndsTheSessionOnce()
    {
        var (session, peerDialog) = EstablishedCall();
        var ends = new List<SessionTermination>();
        session.Terminated += (_, e) => ends.Add(e);

        _carrier.Send(peerDialog.Next(_carrier, SipMethods.Bye));
        _carrier.Send(peerDialog.Next(_carrier, SipMethods.Bye));

        Assert.Single(_ua.Wire.Responses(200, SipMethods.Bye));
        Assert.Single(_ua.Wire.Responses(481, SipMethods.Bye));
        Assert.Equal(TerminationReason.RemoteBye, Assert.Single(ends).Reason);
    }

    [Fact]
    public void AnEndedSessionThatNeverSentAnInviteLeavesTheCoreAtOnceAndLateRequestsStillGet481()
    {
        // Only a session that sent an INVITE can be sent a 2xx after it ended (to be ACKed), so only such a session
        // lingers 64·T1; the core answers a late in-dialog request with the same 481.
        var (_, peerDialog) = EstablishedCall();
        Assert.Equal(1, _ua.Core.SessionCount);

        _carrier.Send(peerDialog.Next(_carrier, SipMethods.Bye));
        Assert.Equal(0, _ua.Core.SessionCount);

        _carrier.Send(peerDialog.Next(_carrier, SipMethods.Info));
        Assert.Single(_ua.Wire.Responses(481, SipMethods.Info));
    }

    [Fact]
    public void LocalByeGoesToTheRemoteTargetThroughTheRecordedRouteWithTheNextCSeq()
    {
        _carrier.SendInvite(FakePeer.Sdp(), r =>
        {
            r.Headers.Add(HeaderId.RecordRoute, "<sip:192.0.2.50;lr>");
            r.Headers.Add(HeaderId.RecordRoute, "<sip:192.0.2.99:5070;lr>");
        });
        var invite = Assert.Single(_ua.App.Invites);
        invite.Accept("v=0");
        var ok = Assert.Single(_ua.Wire.Responses(200, SipMethods.Invite));
        Assert.Equal(["<sip:192.0.2.50;lr>", "<sip:192.0.2.99:5070;lr>"], ok.Headers.GetValues(HeaderId.RecordRoute));
        _carrier.Ack(ok);
        SessionTermination? end = null;
        invite.Session.Terminated += (_, e) => end = e;

        invite.Session.Bye();

        var sent = Assert.Single(_ua.Wire.Sent, s => s.Message is SipRequest { Method: SipMethods.Bye });
        var bye = (SipRequest)sent.Message;
        Assert.Equal(_carrier.Uri.ToString(), bye.RequestUriText);

        // The UAS keeps the Record-Route order (§12.1.1); the request goes to the first route.
        Assert.Equal(SipTestWire.Udp("192.0.2.50", 5060), sent.Remote);
        Assert.Equal(["<sip:192.0.2.50;lr>", "<sip:192.0.2.99:5070;lr>"], bye.Headers.GetValues(HeaderId.Route));
        Assert.Equal("1 BYE", bye.Headers.Get(HeaderId.CSeq));
        Assert.Equal(invite.Session.LocalTag, bye.From.Tag);
        Assert.Equal(TerminationReason.LocalBye, end!.Reason);
    }

    [Fact]
    public void FlowOverrideSendsInDialogRequestsToTheReceivedAddress()
    {
        _carrier.SendInvite(FakePeer.Sdp(), r => r.Headers.Set(HeaderId.Contact, "<sip:agent@192.168.1.20:5060>"));
        var invite = Assert.Single(_ua.App.Invites);
        invite.Session.FlowOverride = invite.Source;
        invite.Accept("v=0");
        _carrier.Ack(Assert.Single(_ua.Wire.Responses(200, SipMethods.Invite)));

        invite.Session.Bye();

        var sent = Assert.Single(_ua.Wire.Sent, s => s.Message is SipRequest { Method: SipMethods.Bye });
        Assert.Equal(_carrier.Remote, sent.Remote);
        Assert.Equal("sip:agent@192.168.1.20:5060", ((SipRequest)sent.Message).RequestUriText);
    }

    [Fact]
    public void InDialogRequestWithLowerCSeqGets500()
    {
        var (_, peerDialog) = EstablishedCall();
        _carrier.Send(peerDialog.Next(_carrier, SipMethods.Info, cseq: 10));

        _carrier.Send(peerDialog.Next(_carrier, SipMethods.Info, cseq: 5));

        Assert.Single(_ua.Wire.Responses(200, SipMethods.Info));
        Assert.Single(_ua.Wire.Responses(500, SipMethods.Info));
    }

    [Fact]
    public void InfoGoesToTheHandlerWhichChoosesTheStatus()
    {
        var (session, peerDialog) = EstablishedCall();
        SipRequest? seen = null;
        session.InfoHandler = (_, request) =>
        {
            seen = request;
            return 200;
        };
        var info = peerDialog.Next(_carrier, SipMethods.Info);
        FakePeer.SetBody(info, "Signal=5\r\nDuration=160\r\n", "application/dtmf-relay");

        _carrier.Send(info);

        Assert.Equal("application/dtmf-relay", seen!.ContentType);
        Assert.Single(_ua.Wire.Responses(200, SipMethods.Info));
    }

    [Fact]
    public void InDialogOptionsIsAnswered200WithAllow()
    {
        var (_, peerDialog) = EstablishedCall();

        _carrier.Send(peerDialog.Next(_carrier, SipMethods.Options));

        var ok = Assert.Single(_ua.Wire.Responses(200, SipMethods.Options));
        Assert.Contains("INVITE", ok.Headers.Get(HeaderId.Allow));
    }

    [Fact]
    public void ReferGoesToTheHandlerAndNotifyReportsProgressAsSipfrag()
    {
        var (session, peerDialog) = EstablishedCall();
        session.ReferHandler = (_, _) => 202;
        var refer = peerDialog.Next(_carrier, SipMethods.Refer);
        refer.Headers.Add(HeaderId.ReferTo, "<sip:2001@10.0.0.1>");

        _carrier.Send(refer);
        Assert.Single(_ua.Wire.Responses(202, SipMethods.Refer));
        Assert.True(session.SendNotify("SIP/2.0 100 Trying", "active;expires=60"));

        var notify = Assert.Single(_ua.Wire.Requests(SipMethods.Notify));
        Assert.Equal("refer", notify.Headers.Get(HeaderId.Event));
        Assert.Equal("active;expires=60", notify.Headers.Get(HeaderId.SubscriptionState));
        Assert.Equal("message/sipfrag;version=2.0", notify.ContentType);
        Assert.Equal("SIP/2.0 100 Trying\r\n", System.Text.Encoding.UTF8.GetString(notify.Body.Span));
    }

    [Fact]
    public void ReferWithoutAHandlerIsDeclined()
    {
        var (_, peerDialog) = EstablishedCall();
        var refer = peerDialog.Next(_carrier, SipMethods.Refer);
        refer.Headers.Add(HeaderId.ReferTo, "<sip:2001@10.0.0.1>");

        _carrier.Send(refer);

        Assert.Single(_ua.Wire.Responses(603, SipMethods.Refer));
    }

    private (InviteSession Session, PeerDialog PeerDialog) EstablishedCall()
    {
        _carrier.SendInvite(FakePeer.Sdp());
        var invite = _ua.App.Invites[^1];
        invite.Accept("v=0 answer");
        var ok = _ua.Wire.Responses(200, SipMethods.Invite)[^1];
        _carrier.Ack(ok);
        return (invite.Session, PeerDialog.FromUac(ok));
    }
}
