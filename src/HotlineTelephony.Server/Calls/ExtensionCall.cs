using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.Calls;

/// <summary>
/// A call bridged to an extension's registered phones with the media anchored in the server: the caller and the
/// agent each talk RTP to a leg of ours (so codecs may differ, the call is recorded and a hold plays music to the
/// other side), while <see cref="B2BuaBridge"/> relays ringing, answer, CANCEL and BYE.
/// </summary>
/// <remarks>
/// With <c>Media:Recording:ExtensionCalls</c> off and both sides on one codec, the bridge relays the RTP packets
/// between the two legs without decoding them; a hold switches it to the mixer (for the music) and back.
/// </remarks>
internal sealed class ExtensionCall
{
    private readonly IncomingInvite _invite;
    private readonly CallMedia _media;
    private readonly string _extension;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private MediaLeg? _caller;
    private MediaLeg? _agent;
    private string? _answerToCaller;
    private bool _connected;

    private readonly Action<RecordingInfo?, IReadOnlyList<MediaLeg>>? _closed;

    /// <param name="closed">Called once the call's media is closed, with the recording and legs for the call record.</param>
    public ExtensionCall(IncomingInvite invite, CallMedia media, string extension, ILogger logger, Action<RecordingInfo?, IReadOnlyList<MediaLeg>>? closed = null)
    {
        _closed = closed;
        _invite = invite;
        _media = media;
        _extension = extension;
        _logger = logger;
    }

    /// <summary>
    /// Prepares the caller's answer and our offer to the agent. False when the caller's offer holds no G.711 (the
    /// caller is then refused with 488 here); an offer-less INVITE is bridged without anchoring, SDP passing through.
    /// </summary>
    public bool Prepare(B2BuaBridge bridge)
    {
        bridge.Ended += (_, _) => _ = CallMediaLog.CloseAsync(_logger, _media, _closed);
        if (_invite.Offer is null)
        {
            return true;
        }

        _caller = _media.AddLeg("caller");
        _agent = _media.AddLeg("agent " + _extension);
        var inBand = _media.Engine.Options.InBandDtmfOnExtensionCalls ? InBandDtmfDetection.Always : InBandDtmfDetection.Never;
        _caller.InBandDtmf = inBand;
        _agent.InBandDtmf = inBand;
        _answerToCaller = _caller.Answer(_invite.Offer);
        if (_answerToCaller is null)
        {
            _invite.Reject(488, "Not Acceptable Here", [new("Warning", "305 hotline \"Incompatible media format\"")]);
            return false;
        }

        var caller = _caller;
        var agent = _agent;
        caller.Digit += (leg, digit) => CallMediaLog.Digit(_logger, _media.CallId, leg, digit);
        agent.Digit += (leg, digit) => CallMediaLog.Digit(_logger, _media.CallId, leg, digit);
        caller.TimedOut += _ => bridge.Hangup();
        agent.TimedOut += _ => bridge.Hangup();
        bridge.RewriteOffer = _ => agent.CreateOffer();
        bridge.RewriteSdp = answer => OnAgentAnswer(bridge, answer);
        bridge.A.OfferHandler = (_, offer) => OnReOffer(caller, agent, offer);
        bridge.A.InfoHandler = (_, request) => caller.AcceptSipInfo(request.ContentType, System.Text.Encoding.UTF8.GetString(request.Body.Span)) ? 200 : 415;
        return true;
    }

    /// <summary>The agent's early or final answer: our legs take over and the caller gets our own answer.</summary>
    private string? OnAgentAnswer(B2BuaBridge bridge, string? answer)
    {
        if (_caller is null || _agent is null || answer is null || !_agent.ApplyAnswer(answer))
        {
            return answer is null ? null : _answerToCaller;
        }

        lock (_lock)
        {
            if (!_connected && _caller.Port is { } callerPort && _agent.Port is { } agentPort)
            {
                _connected = true;
                _media.Bridge.Bridge(callerPort, agentPort);
                if (_media.Engine.Options.Recording.ExtensionCalls)
                {
                    _media.StartRecording(_caller, [_invite.Request.From.Uri.ToString(), _extension]);
                }
            }
        }

        if (bridge.B is { } agentSession && agentSession.OfferHandler is null)
        {
            var caller = _caller;
            var agent = _agent;
            agentSession.OfferHandler = (_, offer) => OnReOffer(agent, caller, offer);
            agentSession.InfoHandler = (_, request) => agent.AcceptSipInfo(request.ContentType, System.Text.Encoding.UTF8.GetString(request.Body.Span)) ? 200 : 415;
        }

        return _answerToCaller;
    }

    private string? OnReOffer(MediaLeg from, MediaLeg other, string offer) => ReOfferHold.Answer(_media, from, other, offer);
}
