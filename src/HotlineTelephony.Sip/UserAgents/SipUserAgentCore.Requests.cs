using System.Globalization;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.UserAgents;

public sealed partial class SipUserAgentCore
{
    /// <summary>
    /// The checks every new request gets exactly once (§8.2), in the RFC's order, then routing. Sessions and the
    /// application never repeat them.
    /// </summary>
    private void HandleRequest(ServerTransaction tx)
    {
        var request = tx.Request;
        var method = request.Method;

        // §8.2.1: a method we do not implement.
        if (!IsAllowed(method))
        {
            var notImplemented = CreateResponse(request, 501);
            notImplemented.Headers.Add(HeaderId.Allow, _allow);
            tx.SendResponse(notImplemented);
            return;
        }

        // A request that has used up its hops would be forwarded by a B2BUA leg; RFC 4475 §3.3.11 expects 483. OPTIONS
        // and REGISTER are answered by us, not forwarded (OPTIONS with Max-Forwards 0 is the classic probe), so they pass.
        if (request.MaxForwards <= 0 && method is not (SipMethods.Options or SipMethods.Register))
        {
            tx.SendResponse(CreateResponse(request, 483));
            return;
        }

        var toTag = request.To.Tag;
        if (IsLoop(request))
        {
            tx.SendResponse(CreateResponse(request, 482, "Loop Detected"));
            return;
        }

        // §8.2.2.2: same From tag, Call-ID and CSeq as a request in progress but another branch: a fork merged back.
        if (toTag is null && MergeKey.From(request) is { } key && request.TopVia?.Branch is { } branch)
        {
            var known = _inProgress.GetOrAdd(key, branch);
            if (!string.Equals(known, branch, StringComparison.Ordinal))
            {
                tx.SendResponse(CreateResponse(request, 482, "Merged Request"));
                return;
            }

            if (method != SipMethods.Invite)
            {
                // Non-INVITE transactions are over within 64*T1; INVITEs are forgotten at their final response.
                Wheel.Schedule(TimerOptions.TransactionTimeout, static state =>
                {
                    var (core, k) = ((SipUserAgentCore, MergeKey))state!;
                    core._inProgress.TryRemove(k, out _);
                }, (this, key));
            }
        }

        // §8.2.2.3: Require naming an extension we lack.
        if (UnsupportedRequirements(request) is { } unsupported)
        {
            var badExtension = CreateResponse(request, 420);
            badExtension.Headers.Add(HeaderId.Unsupported, unsupported);
            tx.SendResponse(badExtension);
            ForgetPendingInvite(request);
            return;
        }

        if (toTag is not null)
        {
            if (request.CallId is { } callId && _sessions.TryGetValue(new DialogKey(callId, toTag), out var session))
            {
                session.OnRequest(tx);
            }
            else
            {
                tx.SendResponse(CreateResponse(request, 481));
            }

            return;
        }

        switch (method)
        {
            case SipMethods.Invite:
                OnNewInvite((ServerInviteTransaction)tx);
                break;
            case SipMethods.Register:
                _application.OnRegister(tx);
                break;
            case SipMethods.Options:
                var ok = CreateResponse(request, 200);
                AddCapabilities(ok);
                ok.Headers.Add(HeaderId.Accept, "application/sdp");
                tx.SendResponse(ok);
                break;
            case SipMethods.Bye or SipMethods.Update or SipMethods.Info or SipMethods.Prack:
                // These only make sense inside a dialog.
                tx.SendResponse(CreateResponse(request, 481));
                break;
            default:
                _application.OnRequest(tx);
                break;
        }
    }

    private void OnNewInvite(ServerInviteTransaction tx)
    {
        var request = tx.Request;

        // RFC 4028 §8.1: too short an interval is refused before anything is created.
        if (Options.SessionTimersEnabled &&
            SessionExpiresHeader.TryParse(request.Headers.Get(HeaderId.SessionExpires), out var se) &&
            se.Seconds < Options.MinSessionExpires.TotalSeconds)
        {
            var tooSmall = CreateResponse(request, 422);
            tooSmall.Headers.Add(HeaderId.MinSE, ((int)Options.MinSessionExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            tx.SendResponse(tooSmall);
            ForgetPendingInvite(request);
            return;
        }

        // §8.2.3: we understand SDP bodies only, and our answers are SDP, so the caller must accept it (§21.4.7).
        if (!IsAcceptableBody(request))
        {
            var unsupportedType = CreateResponse(request, 415);
            unsupportedType.Headers.Add(HeaderId.Accept, "application/sdp");
            tx.SendResponse(unsupportedType);
            ForgetPendingInvite(request);
            return;
        }

        if (!AcceptsSdp(request))
        {
            var notAcceptable = CreateResponse(request, 406);
            notAcceptable.Headers.Add(HeaderId.Warning, "399 hotline \"Only application/sdp bodies are sent\"");
            tx.SendResponse(notAcceptable);
            ForgetPendingInvite(request);
            return;
        }

        var session = InviteSession.CreateIncoming(this, tx);
        _sessions[session.Key] = session;
        _incoming[tx] = session;
        Log.IncomingInvite(Logger, session.CallId, request.From.Uri.ToString(), request.RequestUriText);
        try
        {
            _application.OnInvite(new IncomingInvite(session, tx));
        }
        catch (Exception e)
        {
            Log.RequestFailed(Logger, session.CallId, request.Method, e);
            if (session.State is InviteSessionState.Incoming or InviteSessionState.Early)
            {
                session.Reject(500);
            }
        }
    }

    /// <summary>An empty body, or one of a type whose offer we can read (multipart bodies are not unpacked yet).</summary>
    private static bool IsAcceptableBody(SipRequest request)
    {
        if (request.Body.IsEmpty)
        {
            return true;
        }

        var type = request.ContentType;
        if (type is null)
        {
            return false;
        }

        int semicolon = type.IndexOf(';');
        var mediaType = (semicolon < 0 ? type : type[..semicolon]).Trim();
        return mediaType.Equals("application/sdp", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>No Accept header means application/sdp (§20.1); otherwise it, application/* or */* must be listed.</summary>
    private static bool AcceptsSdp(SipRequest request)
    {
        if (!request.Headers.Contains(HeaderId.Accept))
        {
            return true;
        }

        foreach (var value in request.Headers.GetValues(HeaderId.Accept))
        {
            int semicolon = value.IndexOf(';');
            var range = (semicolon < 0 ? value : value[..semicolon]).Trim();
            if (range.Equals("application/sdp", StringComparison.OrdinalIgnoreCase) || range is "application/*" or "*/*")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A request that already passed through us: one of its Vias is our own sent-by with an RFC 3261 branch. The
    /// transaction layer does not expose the branches it issued, so our advertised address stands in for them.
    /// </summary>
    private bool IsLoop(SipRequest request)
    {
        foreach (var via in request.Vias)
        {
            if (!via.IsRfc3261Branch)
            {
                continue;
            }

            var transport = via.Transport switch
            {
                "TCP" => Transports.SipTransportKind.Tcp,
                "TLS" => Transports.SipTransportKind.Tls,
                "WS" => Transports.SipTransportKind.Ws,
                "WSS" => Transports.SipTransportKind.Wss,
                _ => Transports.SipTransportKind.Udp,
            };
            var (host, port) = Sender.GetSentBy(transport);
            if (string.Equals(via.Host, host, StringComparison.OrdinalIgnoreCase) && (via.Port ?? SipDialog.DefaultPort(transport)) == port)
            {
                return true;
            }
        }

        return false;
    }

    private static string? UnsupportedRequirements(SipRequest request)
    {
        if (request.Method is SipMethods.Ack or SipMethods.Cancel)
        {
            return null;
        }

        List<string>? unsupported = null;
        foreach (var tag in request.Headers.GetValues(HeaderId.Require))
        {
            var trimmed = tag.Trim();
            if (!SipUserAgentOptions.SupportedOptionTags.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                (unsupported ??= []).Add(trimmed);
            }
        }

        return unsupported is null ? null : string.Join(", ", unsupported);
    }

    private bool IsAllowed(string method)
    {
        foreach (var allowed in Options.AllowedMethods)
        {
            if (string.Equals(allowed, method, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private SipResponse CreateResponse(SipRequest request, int statusCode, string? reasonPhrase = null)
    {
        // Final responses outside a dialog still need a To tag (§8.2.6.2); it identifies nothing we keep.
        var response = SipResponse.CreateFor(request, statusCode, reasonPhrase, statusCode >= 200 ? SipRandomIds.NewTag() : null);
        AddServerHeaders(response);
        return response;
    }
}
