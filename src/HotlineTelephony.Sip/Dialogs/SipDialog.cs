using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Dialogs;

/// <summary>
/// The dialog state of RFC 3261 §12: identity, both URIs, remote target, route set and the two CSeq spaces.
/// It builds in-dialog requests and says where they go; it sends nothing itself. Not thread-safe: the owning
/// usage (an <see cref="InviteSession"/>) serialises access.
/// </summary>
public sealed class SipDialog
{
    private static readonly IReadOnlyList<NameAddress> s_noRoutes = Array.Empty<NameAddress>();

    private SipDialog(
        string callId,
        NameAddress localUri,
        NameAddress remoteUri,
        SipUri remoteTarget,
        IReadOnlyList<NameAddress> routeSet,
        uint localCSeq,
        uint? remoteCSeq,
        bool isSecure,
        bool isCallIdOwner,
        NameAddress localContact,
        DialogState state)
    {
        CallId = callId;
        LocalUri = localUri;
        RemoteUri = remoteUri;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        LocalCSeq = localCSeq;
        RemoteCSeq = remoteCSeq;
        IsSecure = isSecure;
        IsCallIdOwner = isCallIdOwner;
        LocalContact = localContact;
        State = state;
    }

    public string CallId { get; }

    public string LocalTag => LocalUri.Tag!;

    public string RemoteTag => RemoteUri.Tag ?? string.Empty;

    public DialogId Id => new(CallId, LocalTag, RemoteTag);

    /// <summary>Our From (as UAC) or To (as UAS), with our tag.</summary>
    public NameAddress LocalUri { get; }

    /// <summary>The peer's From (as UAS) or To (as UAC), with its tag.</summary>
    public NameAddress RemoteUri { get; private set; }

    /// <summary>The peer's Contact URI: the Request-URI of our in-dialog requests; target refreshes replace it.</summary>
    public SipUri RemoteTarget { get; private set; }

    /// <summary>Route set in the order our requests carry it (already reversed for the UAC).</summary>
    public IReadOnlyList<NameAddress> RouteSet { get; private set; }

    /// <summary>The CSeq number of the last request we sent in this dialog.</summary>
    public uint LocalCSeq { get; private set; }

    /// <summary>The highest CSeq number seen from the peer, or null before its first in-dialog request.</summary>
    public uint? RemoteCSeq { get; private set; }

    /// <summary>True when the dialog was set up over sips (§12.1.1): every request must stay on TLS.</summary>
    public bool IsSecure { get; }

    /// <summary>True when we chose the Call-ID (we sent the initial INVITE); decides the 491 back-off (§14.1).</summary>
    public bool IsCallIdOwner { get; }

    /// <summary>Our Contact, put in target-refresh and dialog-creating requests.</summary>
    public NameAddress LocalContact { get; set; }

    public DialogState State { get; private set; }

    /// <summary>
    /// Where to send in-dialog requests instead of resolving the Route/remote target: the flow a NATed phone
    /// registered from (its received address), because its Contact holds an unreachable private address.
    /// </summary>
    public SipRemote? FlowOverride { get; set; }

    /// <summary>
    /// The UAS dialog (§12.1.1), made when we send a 1xx or 2xx with our tag to <paramref name="request"/>. The route
    /// set is the request's Record-Route in order; the remote target its Contact.
    /// </summary>
    public static SipDialog CreateUas(SipRequest request, string localTag, NameAddress localContact, bool confirmed)
    {
        var contact = FirstContactUri(request) ?? request.From.Uri;
        var routes = request.GetNameAddresses(HeaderId.RecordRoute) ?? [];
        return new SipDialog(
            request.CallId ?? string.Empty,
            request.To.WithTag(localTag),
            request.From,
            contact,
            routes.Count == 0 ? s_noRoutes : routes,
            localCSeq: 0,
            remoteCSeq: request.CSeq.Number,
            isSecure: request.RequestUri.IsSecure,
            isCallIdOwner: false,
            localContact,
            confirmed ? DialogState.Confirmed : DialogState.Early);
    }

    /// <summary>
    /// The UAC dialog (§12.1.2), made from our request and a 1xx-with-tag or 2xx. The route set is the
    /// response's Record-Route reversed; the remote target its Contact.
    /// </summary>
    public static SipDialog CreateUac(SipRequest request, SipResponse response, NameAddress localContact)
    {
        var contact = FirstContactUri(response) ?? request.RequestUri;
        var routes = response.GetNameAddresses(HeaderId.RecordRoute) ?? [];
        routes.Reverse();
        return new SipDialog(
            request.CallId ?? string.Empty,
            request.From,
            response.To,
            contact,
            routes.Count == 0 ? s_noRoutes : routes,
            localCSeq: request.CSeq.Number,
            remoteCSeq: null,
            isSecure: request.RequestUri.IsSecure,
            isCallIdOwner: true,
            localContact,
            response.IsSuccess ? DialogState.Confirmed : DialogState.Early);
    }

    /// <summary>
    /// An early dialog becomes confirmed on the 2xx. For the UAC the 2xx's Record-Route is authoritative
    /// (§12.1.2: the route set is taken from the response that confirms it), for both the Contact refreshes the target.
    /// </summary>
    public void Confirm(SipMessage confirming, bool fromUac)
    {
        if (State == DialogState.Terminated)
        {
            return;
        }

        if (fromUac && confirming is SipResponse)
        {
            var routes = confirming.GetNameAddresses(HeaderId.RecordRoute) ?? [];
            routes.Reverse();
            RouteSet = routes.Count == 0 ? s_noRoutes : routes;
        }

        RefreshTarget(confirming);
        State = DialogState.Confirmed;
    }

    public void Terminate() => State = DialogState.Terminated;

    /// <summary>Target refresh (§12.2): a re-INVITE, UPDATE or their 2xx replaces the remote target with its Contact.</summary>
    public void RefreshTarget(SipMessage message)
    {
        if (FirstContactUri(message) is { } uri)
        {
            RemoteTarget = uri;
        }
    }

    /// <summary>
    /// Checks and records the CSeq of an in-dialog request from the peer (§12.2.2). False means it is out of
    /// order (lower than one already seen) and must be answered 500.
    /// </summary>
    public bool TryAcceptRemoteCSeq(uint cseq)
    {
        if (RemoteCSeq is { } last && cseq < last)
        {
            return false;
        }

        RemoteCSeq = cseq;
        return true;
    }

    /// <summary>Takes the next local CSeq number.</summary>
    public uint NextCSeq() => ++LocalCSeq;

    /// <summary>
    /// Builds an in-dialog request (§12.2.1.1) with the next CSeq. No Via: the transaction layer adds it with its
    /// branch. Loose routing puts the remote target in the Request-URI and the route set in Route; a strict first
    /// route becomes the Request-URI and the remote target goes last in Route.
    /// </summary>
    public SipRequest CreateRequest(string method) => Build(method, NextCSeq());

    /// <summary>
    /// The ACK for a 2xx (§13.2.2.4): its own transaction-less request with a new branch and the INVITE's CSeq number.
    /// The sender rewrites the Via's transport and sent-by to the ones it uses.
    /// </summary>
    public SipRequest CreateAck(uint inviteCSeq)
    {
        var ack = Build(SipMethods.Ack, inviteCSeq);
        var via = new ViaHeader("UDP", "0.0.0.0", null, [new UriParameter("branch", SipRandomIds.NewBranch()), new UriParameter("rport", null)]);
        ack.Headers.Insert(0, HeaderId.Via, via.ToString());
        return ack;
    }

    /// <summary>The URI whose host, port and transport decide where requests go: first Route or the remote target.</summary>
    public SipUri NextHopUri => RouteSet.Count > 0 ? RouteSet[0].Uri : RemoteTarget;

    /// <summary>
    /// Where the next request goes without DNS: the flow override, or the next hop when its host is an IP literal.
    /// False means <see cref="ResolveDestinationAsync"/> must look the name up.
    /// </summary>
    public bool TryGetDestination(out SipRemote destination)
    {
        if (FlowOverride is { } flow)
        {
            destination = flow;
            return true;
        }

        var uri = NextHopUri;
        var transport = TransportOf(uri);
        if (uri.HostAddress is { } address)
        {
            destination = new SipRemote(transport, new IPEndPoint(address, uri.Port ?? DefaultPort(transport)));
            return true;
        }

        destination = default;
        return false;
    }

    /// <summary>
    /// Resolves the next hop with A/AAAA lookups (RFC 3263's NAPTR/SRV steps are not done: trunks and phones
    /// here are configured by address or plain host name).
    /// </summary>
    public async ValueTask<SipRemote> ResolveDestinationAsync(CancellationToken cancellationToken = default)
    {
        if (TryGetDestination(out var destination))
        {
            return destination;
        }

        var uri = NextHopUri;
        var transport = TransportOf(uri);
        var addresses = await Dns.GetHostAddressesAsync(uri.Host, cancellationToken).ConfigureAwait(false);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SipTransportException($"No address for '{uri.Host}'");
        return new SipRemote(transport, new IPEndPoint(address, uri.Port ?? DefaultPort(transport)));
    }

    internal static SipTransportKind TransportOf(SipUri uri) => uri.Transport switch
    {
        "tcp" => uri.IsSecure ? SipTransportKind.Tls : SipTransportKind.Tcp,
        "tls" => SipTransportKind.Tls,
        "ws" => uri.IsSecure ? SipTransportKind.Wss : SipTransportKind.Ws,
        "wss" => SipTransportKind.Wss,
        _ => uri.IsSecure ? SipTransportKind.Tls : SipTransportKind.Udp,
    };

    internal static int DefaultPort(SipTransportKind transport) => transport == SipTransportKind.Tls ? 5061 : 5060;

    private SipRequest Build(string method, uint cseq)
    {
        var headers = new SipHeaders();
        SipUri requestUri;
        bool strict = RouteSet.Count > 0 && !RouteSet[0].Uri.HasParameter("lr");
        if (strict)
        {
            // §12.2.1.1: strip what a Request-URI may not carry, and remember the target at the end of the route.
            requestUri = RouteSet[0].Uri.WithoutParameter("method").WithoutParameter("maddr").WithoutParameter("ttl").WithoutParameter("transport").WithoutParameter("lr").WithoutHeaders();
            for (int i = 1; i < RouteSet.Count; i++)
            {
                headers.Add(HeaderId.Route, RouteSet[i].ToString());
            }

            headers.Add(HeaderId.Route, new NameAddress(RemoteTarget).ToString());
        }
        else
        {
            requestUri = RemoteTarget.WithoutHeaders();
            foreach (var route in RouteSet)
            {
                headers.Add(HeaderId.Route, route.ToString());
            }
        }

        headers.Add(HeaderId.MaxForwards, "70");
        headers.Add(HeaderId.From, LocalUri.ToString());
        headers.Add(HeaderId.To, RemoteUri.ToString());
        headers.Add(HeaderId.CallId, CallId);
        headers.Add(HeaderId.CSeq, cseq.ToString(CultureInfo.InvariantCulture) + " " + method);
        if (method is SipMethods.Invite or SipMethods.Update or SipMethods.Refer or SipMethods.Notify or SipMethods.Subscribe)
        {
            headers.Add(HeaderId.Contact, LocalContact.ToString());
        }

        return new SipRequest(method, requestUri, headers);
    }

    private static SipUri? FirstContactUri(SipMessage message)
    {
        var contact = message.Headers.GetFirstValue(HeaderId.Contact);
        return contact is not null && NameAddress.TryParse(contact, out var na) ? na.Uri.WithoutHeaders() : null;
    }
}
