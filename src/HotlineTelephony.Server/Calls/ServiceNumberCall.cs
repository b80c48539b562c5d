using HotlineTelephony.Media.Sdp;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.Calls;

/// <summary>
/// A call to a hotline service number (12345), answered by the server itself with an SDP answer. Media and
/// queueing arrive with the media engine and the call centre; this class owns the SDP state of the call so
/// re-INVITEs (hold, resume, session refresh) are answered consistently.
/// </summary>
internal sealed class ServiceNumberCall
{
    private readonly IncomingInvite _invite;
    private readonly SdpNegotiator _sdp;
    private readonly int _rtpPort;
    private readonly ILogger _logger;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    public ServiceNumberCall(IncomingInvite invite, string mediaAddress, int rtpPort, ILogger logger)
    {
        _invite = invite;
        _sdp = new SdpNegotiator(mediaAddress, Random.Shared.NextInt64(1, long.MaxValue / 2));
        _rtpPort = rtpPort;
        _logger = logger;
    }

    public void Answer()
    {
        var session = _invite.Session;
        session.OfferHandler = (_, offer) => AnswerOffer(offer);
        session.OfferRequestHandler = _ => _sdp.CreateOffer(_rtpPort);
        session.Terminated += OnTerminated;

        if (_invite.Offer is null)
        {
            // Offer-less INVITE (RFC 3261 §13.2.1): our offer goes in the 200, the answer comes in the ACK.
            _invite.Accept(_sdp.CreateOffer(_rtpPort));
            return;
        }

        var answer = AnswerOffer(_invite.Offer);
        if (answer is null)
        {
            _invite.Reject(488, "Not Acceptable Here", [new("Warning", "305 hotline \"Incompatible media format\"")]);
            return;
        }

        _invite.Accept(answer);
    }

    private string? AnswerOffer(string offer)
    {
        if (!SessionDescription.TryParse(offer, out var description, out _))
        {
            return null;
        }

        return _sdp.CreateAnswer(description, _rtpPort)?.Sdp;
    }

    private void OnTerminated(InviteSession session, SessionTermination termination)
    {
        var request = _invite.Request;
        CallRouter.LogOutcome(
            _logger,
            session.CallId,
            request.From.Uri.ToString(),
            request.RequestUri.ToString(),
            $"{termination.Reason} after {(DateTimeOffset.UtcNow - _started).TotalSeconds:F1}s",
            termination.StatusCode);
    }
}
