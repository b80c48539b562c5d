using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Tests.TestSupport;

namespace HotlineTelephony.Sip.Tests.UserAgents;

public sealed class SipUserAgentCoreTests : IDisposable
{
    private readonly UaHarness _ua = new();
    private readonly FakePeer _peer;

    public SipUserAgentCoreTests()
    {
        _peer = _ua.Peer("192.0.2.1", 5060, "carrier");
    }

    public void Dispose() => _ua.Dispose();

    [Fact]
    public void UnknownMethodGets501WithAllow()
    {
        _peer.Send(_peer.CreateRequest("FROBNICATE"));

        var response = Assert.Single(_ua.Wire.FinalResponses());
        Assert.Equal(501, response.StatusCode);
        Assert.Equal(SipMethods.Allow, response.Headers.Get(HeaderId.Allow));
        Assert.Empty(_ua.App.Others);
    }

    [Fact]
    public void RequireOfAnUnknownExtensionGets420ListingItInUnsupported()
    {
        _peer.SendInvite(FakePeer.Sdp(), r => r.Headers.Add(HeaderId.Require, "foo, timer, bar"));

        var response = Assert.Single(_ua.Wire.FinalResponses());
        Assert.Equal(420, response.StatusCode);
        Assert.Equal(["foo", "bar"], response.Headers.GetValues(HeaderId.Unsupported));
        Assert.Empty(_ua.App.Invites);
    }

    [Fact]
    public void InviteWithABodyThatIsNotSdpGets415ListingWhatIsAccepted()
    {
        _peer.SendInvite(FakePeer.Sdp(), r => r.Headers.Set(HeaderId.ContentType, "application/unknownformat"));

        var response = Assert.Single(_ua.Wire.FinalResponses());
        Assert.Equal(415, response.StatusCode);
        Assert.Equal("application/sdp", response.Headers.Get(HeaderId.Accept));
        Assert.Empty(_ua.App.Invites);
    }

    [Fact]
    public void InviteWhoseAcceptExcludesSdpGets406()
    {
        _peer.SendInvite(FakePeer.Sdp(), r => r.Headers.Add(HeaderId.Accept, "text/nobodyKnowsThis"));

        Assert.Equal(406, Assert.Single(_ua.Wire.FinalResponses()).StatusCode);
        Assert.Empty(_ua.App.Invites);
    }

    [Fact]
    public void InviteAcceptingSdpAmongOtherTypesReachesTheApplication()
    {
        _peer.SendInvite(FakePeer.Sdp(), r => r.Headers.Add(HeaderId.Accept, "text/plain, application/sdp;level=1"));

        Assert.Single(_ua.App.Invites);
    }

    [Fact]
    public void InviteWithMaxForwardsZeroGets483()
    {
        _peer.SendInvite(FakePeer.Sdp(), r => r.Headers.Set(HeaderId.MaxForwards, "0"));

        Assert.Equal(483, Assert.Single(_ua.Wire.FinalResponses()).StatusCode);
        Assert.Empty(_ua.App.Invites);
    }

    [Fact]
    public void OptionsWithMaxForwardsZeroIsStillAnswered()
    {
        var options = _peer.CreateRequest(SipMethods.Options);
        options.Headers.Set(HeaderId.MaxForwards, "0");

        _peer.Send(options);

        Assert.Equal(200, Assert.Single(_ua.Wire.FinalResponses()).StatusCode);
    }

    [Fact]
    public void MergedRequestWithTheSameFromTagCallIdAndCSeqButAnotherBranchGets482()
    {
        var first = _peer.CreateInvite(FakePeer.Sdp());
        _peer.Send(first);
        var merged = (SipRequest)SipMessage.Parse(first.ToString());
        merged.Headers.Set(HeaderId.Via, _peer.Via());

        _peer.Send(merged);

        Assert.Single(_ua.App.Invites);
        var response = Assert.Single(_ua.Wire.FinalResponses());
        Assert.Equal(482, response.StatusCode);
    }

    [Fact]
    public void RequestThatAlreadyCarriesOurViaIsALoopAnd482()
    {
        _peer.SendInvite(FakePeer.Sdp(), r => r.Headers.Add(HeaderId.Via, "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKours"));

        Assert.Equal(482, Assert.Single(_ua.Wire.FinalResponses()).StatusCode);
    }

    [Fact]
    public void OutOfDialogOptionsGets200WithAllowAcceptSupportedAndNoBody()
    {
        _peer.Send(_peer.CreateRequest(SipMethods.Options));

        var ok = Assert.Single(_ua.Wire.FinalResponses());
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(SipMethods.Allow, ok.Headers.Get(HeaderId.Allow));
        Assert.Equal("application/sdp", ok.Headers.Get(HeaderId.Accept));
        Assert.Equal("timer", ok.Headers.Get(HeaderId.Supported));
        Assert.True(ok.Body.IsEmpty);
    }

    [Fact]
    public void RequestWithAToTagButNoDialogGets481()
    {
        var bye = _peer.CreateRequest(SipMethods.Bye);
        bye.Headers.Set(HeaderId.To, "<sip:12345@10.0.0.1>;tag=nosuchdialog");

        _peer.Send(bye);

        Assert.Equal(481, Assert.Single(_ua.Wire.FinalResponses()).StatusCode);
    }

    [Fact]
    public void RegisterAndOtherOutOfDialogRequestsGoToTheApplication()
    {
        _peer.Send(_peer.CreateRequest(SipMethods.Register, "sip:10.0.0.1"));
        _peer.Send(_peer.CreateRequest(SipMethods.Notify));

        Assert.Single(_ua.App.Registers);
        Assert.Equal(SipMethods.Notify, Assert.Single(_ua.App.Others).Request.Method);
    }

    [Fact]
    public void SessionExpiresBelowOurMinSeGets422WithMinSeBeforeAnySessionExists()
    {
        _peer.SendInvite(FakePeer.Sdp(), r =>
        {
            r.Headers.Add(HeaderId.Supported, "timer");
            r.Headers.Add(HeaderId.SessionExpires, "60");
        });

        var response = Assert.Single(_ua.Wire.FinalResponses());
        Assert.Equal(422, response.StatusCode);
        Assert.Equal("90", response.Headers.Get(HeaderId.MinSE));
        Assert.Empty(_ua.App.Invites);
        Assert.Equal(0, _ua.Core.SessionCount);
    }
}
