using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Prompts;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.Calls;

/// <summary>
/// A call to a hotline service number (12345), answered by the server: the short Mandarin welcome (no menu), then
/// music while the caller waits (the queue and agents arrive with the call centre). The call is recorded from the
/// answer; re-INVITEs (hold, resume, session refresh) are answered from the same media leg; digits are logged.
/// </summary>
internal sealed class ServiceNumberCall
{
    private static readonly TimeSpan PauseBeforeMusic = TimeSpan.FromSeconds(1);

    private readonly IncomingInvite _invite;
    private readonly CallMedia _media;
    private readonly ILogger _logger;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private MediaLeg? _caller;
    private PlayerPort? _welcome;

    public ServiceNumberCall(IncomingInvite invite, CallMedia media, ILogger logger)
    {
        _invite = invite;
        _media = media;
        _logger = logger;
    }

    public void Answer()
    {
        var session = _invite.Session;
        var caller = _media.AddLeg("caller");
        _caller = caller;
        caller.Digit += (leg, digit) => CallMediaLog.Digit(_logger, _media.CallId, leg, digit);
        caller.TimedOut += _ => session.Bye();
        session.OfferHandler = (_, offer) => caller.Answer(offer);
        session.OfferRequestHandler = _ => caller.CreateOffer();
        session.InfoHandler = (_, request) => caller.AcceptSipInfo(request.ContentType, System.Text.Encoding.UTF8.GetString(request.Body.Span)) ? 200 : 415;
        session.AnswerReceived += (_, sdp) => caller.ApplyAnswer(sdp);
        session.Confirmed += _ => StartWelcome();
        session.Terminated += OnTerminated;

        if (_invite.Offer is null)
        {
            // Offer-less INVITE (RFC 3261 §13.2.1): our offer goes in the 200, the answer comes in the ACK.
            _invite.Accept(caller.CreateOffer());
            return;
        }

        var answer = caller.Answer(_invite.Offer);
        if (answer is null)
        {
            _invite.Reject(488, "Not Acceptable Here", [new("Warning", "305 hotline \"Incompatible media format\"")]);
            return;
        }

        _invite.Accept(answer);
    }

    private void StartWelcome()
    {
        if (_caller?.Port is not { } port)
        {
            return;
        }

        var request = _invite.Request;
        _media.StartRecording(_caller, [request.From.Uri.ToString(), request.RequestUri.ToString()]);
        var prompt = _media.Engine.Prompts.Get(PromptId.Welcome);
        _welcome = new PlayerPort("welcome", prompt.Samples);
        _welcome.Finished += (_, _) => _ = WaitWithMusicAsync(port);
        _media.Bridge.Connect(_welcome, port);
    }

    private async Task WaitWithMusicAsync(IMediaPort caller)
    {
        if (_welcome is { } welcome)
        {
            _media.Bridge.RemovePort(welcome);
        }

        // A breath between the words and the music, as an announcement would have.
        await Task.Delay(PauseBeforeMusic).ConfigureAwait(false);
        _media.Bridge.Connect(new MusicOnHold("queue-music"), caller);
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
        _ = CallMediaLog.CloseAsync(_logger, _media);
    }
}
