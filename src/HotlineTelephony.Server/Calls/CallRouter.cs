using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Options;
using HotlineTelephony.Server.Sip;
using HotlineTelephony.Sip.Authentication;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.Calls;

/// <summary>
/// Decides what happens to each new out-of-dialog request: REGISTER goes to the registrar; an INVITE is
/// authenticated (trunks by source address, everyone else by digest), then answered by the server when it is
/// for a hotline service number, bridged to the registered contacts when it is for an extension, and refused
/// with 404 otherwise. Numbers the dialplan gives to the call centre (service numbers, department lines, feature
/// codes) go to <see cref="HotlineCallCenter"/> first; Hotline:ServiceNumbers without a dialplan route still get the
/// welcome-and-music answer.
/// </summary>
internal sealed partial class CallRouter : ISipApplication
{
    private readonly SipStack _stack;
    private readonly HotlineCallCenter? _center;
    private readonly HashSet<string> _serviceNumbers;
    private readonly Dictionary<string, ConferenceRoom> _rooms;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConferenceRoom> _planRooms = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public CallRouter(SipStack stack, HotlineOptions hotline, HotlineCallCenter? center, ILogger<CallRouter> logger)
    {
        _stack = stack;
        _center = center;
        _serviceNumbers = new HashSet<string>(hotline.ServiceNumbers, StringComparer.Ordinal);
        _logger = logger;
        _rooms = new Dictionary<string, ConferenceRoom>(StringComparer.Ordinal);
        foreach (var number in hotline.ConferenceRooms)
        {
            _rooms[number] = new ConferenceRoom(number, logger);
        }
    }

    public void OnRegister(ServerTransaction transaction) => _ = RegisterAsync(transaction);

    public void OnRequest(ServerTransaction transaction)
    {
        // Everything we allow besides INVITE/REGISTER/OPTIONS only makes sense inside a dialog.
        transaction.SendResponse(SipResponse.CreateFor(transaction.Request, 481));
    }

    public void OnInvite(IncomingInvite invite)
    {
        var request = invite.Request;
        using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["CallId"] = request.CallId });
        var auth = _stack.Authenticator.Authenticate(request, invite.Source);
        if (!auth.IsAccepted)
        {
            var refusal = auth.Response!;
            invite.Reject(refusal.StatusCode, refusal.ReasonPhrase, AuthenticateHeaders(refusal));
            return;
        }

        var dialled = request.RequestUri.UnescapedUser ?? string.Empty;
        if (_center is not null && _center.TryHandle(invite, auth, dialled, _stack))
        {
            return;
        }

        if (_serviceNumbers.Contains(dialled))
        {
            // Not a call-centre number: welcome and music, recorded, but no queue (HotlineCall without a grain).
            new HotlineCall(invite, _stack.CreateCallMedia(request.CallId ?? "call", invite.Source), _stack, auth.Peer?.Name, _logger).Answer();
            return;
        }

        if (_center?.Dialplans.Current.Route(dialled) is { Kind: HotlineTelephony.CallCenter.Dialplans.Model.NumberRouteKind.Conference, Room: { } roomId })
        {
            // A dialplan conference room: every caller of its number joins the same mix.
            var planRoom = _planRooms.GetOrAdd(roomId, id => new ConferenceRoom(id, _logger));
            planRoom.Join(invite, () => _stack.CreateCallMedia("conference-" + roomId, invite.Source));
            return;
        }

        if (_rooms.TryGetValue(dialled, out var room))
        {
            // The room's media is created by its first member, facing that member's address.
            room.Join(invite, () => _stack.CreateCallMedia("conference-" + dialled, invite.Source));
            return;
        }

        if (_stack.Extensions.Contains(dialled))
        {
            _ = BridgeToExtensionAsync(invite, dialled, auth);
            return;
        }

        LogUnknownNumber(_logger, dialled, invite.Source.ToString());
        invite.Reject(404);
    }

    private async Task RegisterAsync(ServerTransaction transaction)
    {
        try
        {
            await _stack.Registrar.HandleAsync(transaction).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A registrar fault must still answer, or the phone retransmits for 32 s and gives up silently.
            LogRegisterFailed(_logger, e, transaction.Request.CallId);
            transaction.SendResponse(SipResponse.CreateFor(transaction.Request, 500));
        }
    }

    private async Task BridgeToExtensionAsync(IncomingInvite invite, string extension, AuthResult auth)
    {
        try
        {
            var bindings = await _stack.Locations.GetAsync(extension).ConfigureAwait(false);
            if (bindings.Count == 0)
            {
                invite.Reject(480, "Temporarily Unavailable");
                LogOutcome(_logger, invite.Request.CallId, invite.Request.From.Uri.ToString(), extension, "not-registered", 480);
                return;
            }

            var targets = new List<B2BuaTarget>(bindings.Count);
            foreach (var binding in bindings)
            {
                targets.Add(new B2BuaTarget(binding.Uri, binding.Flow, UseFlow: true));
            }

            var bridge = new B2BuaBridge(_stack.UserAgent, invite);
            var arrived = DateTimeOffset.UtcNow;
            string caller = auth.Extension ?? invite.Request.From.Uri.User ?? auth.Peer?.Name ?? "?";
            SessionTermination? ended = null;
            bridge.Ended += (b, termination) =>
            {
                ended = termination;
                LogOutcome(_logger, b.A.CallId, auth.Extension ?? auth.Peer?.Name ?? "?", extension, termination.Reason.ToString(), termination.StatusCode);
            };
            var media = _stack.CreateCallMedia(invite.Request.CallId ?? "call", invite.Source);
            var call = new ExtensionCall(invite, media, extension, _logger, (recording, legs) =>
                _center?.WriteExtensionRecord(media.CallId, caller, extension, auth.Peer?.Name, arrived, ended, recording, legs));
            if (!call.Prepare(bridge))
            {
                await media.CloseAsync().ConfigureAwait(false);
                return;
            }

            bridge.Start(targets);
        }
        catch (Exception e)
        {
            LogBridgeFailed(_logger, e, invite.Request.CallId, extension);
            invite.Reject(500);
        }
    }

    private static List<KeyValuePair<string, string>> AuthenticateHeaders(SipResponse refusal)
    {
        var headers = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < refusal.Headers.Count; i++)
        {
            if (refusal.Headers.IdAt(i) is HeaderId.WwwAuthenticate or HeaderId.ProxyAuthenticate)
            {
                headers.Add(new(refusal.Headers.NameAt(i), refusal.Headers.ValueAt(i)));
            }
        }

        return headers;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Call {CallId} from {Caller} to {Callee} ended: {Outcome} ({StatusCode})")]
    internal static partial void LogOutcome(ILogger logger, string? callId, string caller, string callee, string outcome, int statusCode);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "No such number {Dialled} (from {Source}): 404")]
    private static partial void LogUnknownNumber(ILogger logger, string dialled, string source);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "REGISTER {CallId} failed inside the registrar")]
    private static partial void LogRegisterFailed(ILogger logger, Exception exception, string? callId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Bridging {CallId} to extension {Extension} failed")]
    private static partial void LogBridgeFailed(ILogger logger, Exception exception, string? callId, string extension);
}
