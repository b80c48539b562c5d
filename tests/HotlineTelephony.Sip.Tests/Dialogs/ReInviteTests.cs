using System.Globalization;
using System.Text;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Tests.TestSupport;

namespace HotlineTelephony.Sip.Tests.Dialogs;

public sealed class ReInviteTests : IDisposable
{
    private readonly UaHarness _ua = new();
    private readonly FakePeer _carrier;

    public ReInviteTests()
    {
        _carrier = _ua.Peer("192.0.2.1", 5060, "carrier");
    }

    public void Dispose() => _ua.Dispose();

    [Fact]
    public void HoldOfferGoesToTheHandlerAndItsAnswerIsSent()
    {
        var (session, peer) = IncomingCall();
        string? seen = null;
        session.OfferHandler = (_, offer) =>
        {
            seen = offer;
            return FakePeer.Sdp("recvonly", "10.0.0.1");
        };

        _carrier.Send(peer.Next(_carrier, SipMethods.Invite, FakePeer.Sdp("sendonly")));

        Assert.Contains("a=sendonly", seen);
        var ok = _ua.Wire.Responses(200, SipMethods.Invite)[^1];
        Assert.Equal("2 INVITE", ok.Headers.Get(HeaderId.CSeq));
        Assert.Contains("a=recvonly", Encoding.UTF8.GetString(ok.Body.Span));
        Assert.Equal("<sip:10.0.0.1:5060>", ok.Headers.Get(HeaderId.Contact));
        Assert.Contains("a=sendonly", session.RemoteSdp);
    }

    [Fact]
    public void ChangedOfferWithoutAHandlerIsRefused488RatherThanAnsweredWithTheCachedSdp()
    {
        var (_, peer) = IncomingCall();

        _carrier.Send(peer.Next(_carrier, SipMethods.Invite, FakePeer.Sdp("sendonly")));

        Assert.Single(_ua.Wire.Responses(488, SipMethods.Invite));
    }

    [Fact]
    public void OfferlessReInviteGetsOurOfferInThe200AndTheAnswerFromTheAck()
    {
        var (session, peer) = IncomingCall();
        session.OfferRequestHandler = _ => "v=0 fresh-offer";
        string? answer = null;
        session.AnswerReceived += (_, sdp) => answer = sdp;

        _carrier.Send(peer.Next(_carrier, SipMethods.Invite));
        var ok = _ua.Wire.Responses(200, SipMethods.Invite)[^1];
        Assert.Equal("v=0 fresh-offer", Encoding.UTF8.GetString(ok.Body.Span));
        _carrier.Ack(ok, "v=0 their-answer");

        Assert.Equal("v=0 their-answer", answer);
        Assert.Equal("v=0 their-answer", session.RemoteSdp);
    }

    [Fact]
    public void OurReInviteIsAckedWithItsCSeqAndTheAnswerReported()
    {
        var (session, _) = IncomingCall();
        string? answer = null;
        session.AnswerReceived += (_, sdp) => answer = sdp;

        Assert.True(session.ReInvite("v=0 new-offer"));
        var reInvite = _ua.Wire.Requests(SipMethods.Invite, _carrier.Remote)[^1];
        Assert.Equal("1 INVITE", reInvite.Headers.Get(HeaderId.CSeq));
        Assert.False(session.ReInvite("v=0 another"));
        _carrier.Respond(reInvite, 200, toTag: reInvite.To.Tag, sdp: "v=0 new-answer");

        var ack = Assert.Single(_ua.Wire.Requests(SipMethods.Ack));
        Assert.Equal("1 ACK", ack.Headers.Get(HeaderId.CSeq));
        Assert.Equal("v=0 new-answer", answer);
        Assert.Equal("v=0 new-offer", session.LocalSdp);
    }

    [Fact]
    public void IncomingReInviteWhileOursIsPendingGets491()
    {
        var (session, peer) = IncomingCall();
        session.OfferHandler = (_, _) => "v=0 answer";
        Assert.True(session.ReInvite("v=0 ours"));

        _carrier.Send(peer.Next(_carrier, SipMethods.Invite, FakePeer.Sdp("sendonly")));

        Assert.Single(_ua.Wire.Responses(491, SipMethods.Invite));
    }

    [Fact]
    public void ReInviteInAnEarlyDialogWhileTheInviteIsUnansweredGets500WithRetryAfter()
    {
        var request = _carrier.SendInvite(FakePeer.Sdp());
        var invite = Assert.Single(_ua.App.Invites);
        invite.SendProvisional(180);
        var ringing = Assert.Single(_ua.Wire.Responses(180));
        var second = _carrier.CreateInvite(FakePeer.Sdp(), callId: request.CallId);
        second.Headers.Set(HeaderId.From, request.Headers.Get(HeaderId.From)!);
        second.Headers.Set(HeaderId.To, ringing.Headers.Get(HeaderId.To)!);
        second.Headers.Set(HeaderId.CSeq, "2 INVITE");

        _carrier.Send(second);

        var error = Assert.Single(_ua.Wire.Responses(500, SipMethods.Invite));
        int retryAfter = int.Parse(error.Headers.Get(HeaderId.RetryAfter)!, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 0, 10);
    }

    [Fact]
    public void After491TheSideThatDidNotChooseTheCallIdRetriesWithinTwoSeconds()
    {
        var (session, _) = IncomingCall();
        Assert.True(session.ReInvite("v=0 ours"));
        var first = _ua.Wire.Requests(SipMethods.Invite, _carrier.Remote)[^1];

        _carrier.Respond(first, 491, toTag: first.To.Tag);
        _ua.Advance(TimeSpan.FromSeconds(2.02));

        // Distinct CSeqs: the retry itself may already have been retransmitted by Timer A.
        var retries = _ua.Wire.Requests(SipMethods.Invite, _carrier.Remote).DistinctBy(r => r.CSeq.Number).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Equal("2 INVITE", retries[1].Headers.Get(HeaderId.CSeq));
        Assert.Equal("v=0 ours", Encoding.UTF8.GetString(retries[1].Body.Span));
    }

    [Fact]
    public void After491TheCallIdOwnerRetriesBetween2Point1And4Seconds()
    {
        var phone = _ua.Peer("192.0.2.20", 5062, "2001");
        var session = _ua.Core.Invite(phone.Uri, phone.Remote, NameAddress.Parse("<sip:12345@10.0.0.1>"), new NameAddress(phone.Uri), "v=0 first");
        var invite = Assert.Single(_ua.Wire.Requests(SipMethods.Invite));
        phone.Respond(invite, 200, toTag: "p", sdp: "v=0 answer");
        Assert.True(session.ReInvite("v=0 ours"));
        var reInvite = _ua.Wire.Requests(SipMethods.Invite)[^1];

        phone.Respond(reInvite, 491, toTag: "p");
        _ua.Advance(TimeSpan.FromSeconds(2.08));
        Assert.Equal(2, _ua.Wire.Requests(SipMethods.Invite).Count);

        _ua.Advance(TimeSpan.FromSeconds(1.94));
        var all = _ua.Wire.Requests(SipMethods.Invite).DistinctBy(r => r.CSeq.Number).ToList();
        Assert.Equal(3, all.Count);
        Assert.Equal("3 INVITE", all[2].Headers.Get(HeaderId.CSeq));
    }

    [Fact]
    public void UpdateWithAnOfferIsAnsweredThroughTheHandler()
    {
        var (session, peer) = IncomingCall();
        session.OfferHandler = (_, _) => "v=0 updated-answer";

        _carrier.Send(peer.Next(_carrier, SipMethods.Update, FakePeer.Sdp("inactive")));

        var ok = Assert.Single(_ua.Wire.Responses(200, SipMethods.Update));
        Assert.Equal("v=0 updated-answer", Encoding.UTF8.GetString(ok.Body.Span));
        Assert.Contains("a=inactive", session.RemoteSdp);
    }

    private (InviteSession Session, PeerDialog Peer) IncomingCall()
    {
        _carrier.SendInvite(FakePeer.Sdp());
        var invite = _ua.App.Invites[^1];
        invite.Accept(FakePeer.Sdp("sendrecv", "10.0.0.1"));
        var ok = _ua.Wire.Responses(200, SipMethods.Invite)[^1];
        _carrier.Ack(ok);
        _ua.Wire.Clear();
        return (invite.Session, PeerDialog.FromUac(ok));
    }
}
