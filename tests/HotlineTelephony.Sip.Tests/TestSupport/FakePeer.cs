using System.Globalization;
using System.Text;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.TestSupport;

/// <summary>
/// A far-end UA (carrier trunk or softphone) speaking wire SIP to the core: it builds requests and responses
/// the way a real peer would and injects them through the <see cref="SipTestWire"/>.
/// </summary>
internal sealed class FakePeer
{
    private readonly UaHarness _harness;
    private int _cseq;

    public FakePeer(UaHarness harness, string ip, int port, string user)
    {
        _harness = harness;
        Ip = ip;
        Port = port;
        User = user;
        Remote = SipTestWire.Udp(ip, port);
    }

    public string Ip { get; }

    public int Port { get; }

    public string User { get; }

    public SipRemote Remote { get; }

    public SipUri Uri => SipUri.Parse($"sip:{User}@{Ip}:{Port.ToString(CultureInfo.InvariantCulture)}");

    public static string Sdp(string direction = "sendrecv", string host = "192.0.2.10") =>
        $"v=0\r\no=- 1 1 IN IP4 {host}\r\ns=-\r\nc=IN IP4 {host}\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\na={direction}\r\n";

    /// <summary>Builds (does not send) an INVITE from this peer to the server.</summary>
    public SipRequest CreateInvite(string? sdp = null, string to = "sip:12345@10.0.0.1", string? callId = null)
    {
        var headers = new SipHeaders();
        headers.Add(HeaderId.Via, Via());
        headers.Add(HeaderId.MaxForwards, "70");
        headers.Add(HeaderId.From, $"<sip:{User}@{Ip}>;tag={SipRandomIds.NewTag()}");
        headers.Add(HeaderId.To, $"<{to}>");
        headers.Add(HeaderId.CallId, callId ?? SipRandomIds.NewCallId());
        headers.Add(HeaderId.CSeq, $"{++_cseq} INVITE");
        headers.Add(HeaderId.Contact, $"<{Uri}>");
        headers.Add(HeaderId.Allow, "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE");
        var request = new SipRequest(SipMethods.Invite, SipUri.Parse(to), headers);
        SetBody(request, sdp);
        return request;
    }

    /// <summary>Builds an out-of-dialog request of any method.</summary>
    public SipRequest CreateRequest(string method, string to = "sip:12345@10.0.0.1")
    {
        var request = CreateInvite(null, to);
        var cseq = request.CSeq.Number;
        request.Headers.Set(HeaderId.CSeq, $"{cseq} {method}");
        return new SipRequest(method, request.RequestUri, request.Headers);
    }

    public SipRequest SendInvite(string? sdp = null, Action<SipRequest>? edit = null)
    {
        var invite = CreateInvite(sdp);
        edit?.Invoke(invite);
        Send(invite);
        return invite;
    }

    public void Send(SipMessage message) => _harness.Wire.Inject(message, Remote);

    /// <summary>Builds a CANCEL for <paramref name="invite"/> (same branch, §9.1) and sends it.</summary>
    public void Cancel(SipRequest invite)
    {
        var headers = new SipHeaders();
        headers.Add(HeaderId.Via, invite.Headers.GetFirstValue(HeaderId.Via)!);
        headers.Add(HeaderId.MaxForwards, "70");
        headers.Add(HeaderId.From, invite.Headers.Get(HeaderId.From)!);
        headers.Add(HeaderId.To, invite.Headers.Get(HeaderId.To)!);
        headers.Add(HeaderId.CallId, invite.CallId!);
        headers.Add(HeaderId.CSeq, $"{invite.CSeq.Number} CANCEL");
        Send(new SipRequest(SipMethods.Cancel, invite.RequestUri, headers));
    }

    /// <summary>The ACK for a 2xx to our INVITE: new branch, same CSeq number, sent to the Contact of the 2xx.</summary>
    public SipRequest Ack(SipResponse twoHundred, string? sdp = null)
    {
        var dialog = PeerDialog.FromUac(twoHundred);
        var ack = dialog.Build(this, SipMethods.Ack, twoHundred.CSeq.Number);
        SetBody(ack, sdp);
        Send(ack);
        return ack;
    }

    /// <summary>
    /// Answers a request the server sent us (we are the peer's UAS): copies Via/From/To/Call-ID/CSeq, adds our To tag
    /// and Contact, optional SDP.
    /// </summary>
    public SipResponse Respond(SipRequest request, int statusCode, string? toTag = null, string? sdp = null, Action<SipResponse>? edit = null)
    {
        var response = SipResponse.CreateFor(request, statusCode, null, statusCode > 100 ? toTag ?? TagFor(request) : null);
        if (statusCode is > 100 and < 300)
        {
            response.Headers.Add(HeaderId.Contact, $"<{Uri}>");
        }

        SetBody(response, sdp);
        edit?.Invoke(response);
        Send(response);
        return response;
    }

    public static void SetBody(SipMessage message, string? sdp, string contentType = "application/sdp")
    {
        if (sdp is null)
        {
            return;
        }

        message.Headers.Set(HeaderId.ContentType, contentType);
        message.Body = Encoding.UTF8.GetBytes(sdp);
    }

    public string Via() => $"SIP/2.0/UDP {Ip}:{Port.ToString(CultureInfo.InvariantCulture)};branch={SipRandomIds.NewBranch()};rport";

    private readonly Dictionary<string, string> _tags = [];

    /// <summary>One tag per Call-ID, like a UA that keeps its dialog across responses.</summary>
    public string TagFor(SipRequest request) =>
        _tags.TryGetValue(request.CallId!, out var tag) ? tag : _tags[request.CallId!] = SipRandomIds.NewTag();
}

/// <summary>The peer's view of a dialog with the server, to build in-dialog requests from its side.</summary>
internal sealed class PeerDialog
{
    private uint _cseq;

    private PeerDialog(string callId, string local, string remote, SipUri target, uint cseq)
    {
        CallId = callId;
        Local = local;
        Remote = remote;
        Target = target;
        _cseq = cseq;
    }

    public string CallId { get; }

    public string Local { get; }

    public string Remote { get; }

    public SipUri Target { get; }

    /// <summary>The peer called us: its INVITE's From is local; our 2xx's To (with our tag) is remote.</summary>
    public static PeerDialog FromUac(SipResponse ourResponse) =>
        new(ourResponse.CallId!, ourResponse.Headers.Get(HeaderId.From)!, ourResponse.Headers.Get(HeaderId.To)!,
            NameAddress.Parse(ourResponse.Headers.GetFirstValue(HeaderId.Contact)!).Uri, ourResponse.CSeq.Number);

    /// <summary>We called the peer: our INVITE's To plus the peer's tag is local; our From is remote.</summary>
    public static PeerDialog FromUas(SipRequest ourInvite, string peerTag) =>
        new(ourInvite.CallId!, NameAddress.Parse(ourInvite.Headers.Get(HeaderId.To)!).WithTag(peerTag).ToString(), ourInvite.Headers.Get(HeaderId.From)!,
            NameAddress.Parse(ourInvite.Headers.GetFirstValue(HeaderId.Contact)!).Uri, 0);

    public SipRequest Next(FakePeer peer, string method, string? sdp = null, uint? cseq = null)
    {
        var number = cseq ?? ++_cseq;
        var request = Build(peer, method, number);
        FakePeer.SetBody(request, sdp);
        return request;
    }

    public SipRequest Build(FakePeer peer, string method, uint cseq)
    {
        var headers = new SipHeaders();
        headers.Add(HeaderId.Via, peer.Via());
        headers.Add(HeaderId.MaxForwards, "70");
        headers.Add(HeaderId.From, Local);
        headers.Add(HeaderId.To, Remote);
        headers.Add(HeaderId.CallId, CallId);
        headers.Add(HeaderId.CSeq, $"{cseq.ToString(CultureInfo.InvariantCulture)} {method}");
        if (method is SipMethods.Invite or SipMethods.Update)
        {
            headers.Add(HeaderId.Contact, $"<{peer.Uri}>");
        }

        return new SipRequest(method, Target, headers);
    }
}
