using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Prompts;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// The call centre's telephony port over our SIP stack and media engine: announcements become prompt sequences on
/// the caller's bridge, an offer becomes an INVITE to the agent's registered phone, a hang-up becomes BYE/CANCEL.
/// Orders for calls that have ended do nothing, as the contract says.
/// </summary>
internal sealed class SipCallTelephony : ICallTelephony
{
    private readonly HotlineCallRegistry _calls;
    private readonly PromptLibrary _prompts;
    private readonly string _recordingsFolder;

    public SipCallTelephony(HotlineCallRegistry calls, PromptLibrary prompts, string recordingsFolder)
    {
        _calls = calls;
        _prompts = prompts;
        _recordingsFolder = recordingsFolder;
    }

    public async ValueTask AnnounceAsync(string callId, Announcement announcement, CancellationToken cancellationToken = default)
    {
        if (_calls.Find(callId) is { } call)
        {
            await call.AnnounceAsync(Prompts(announcement), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<OfferOutcome> RingAgentAsync(string callId, string agentId, string extension, TimeSpan ringTimeout, CancellationToken cancellationToken = default)
    {
        if (_calls.Find(callId) is not { } call)
        {
            return OfferOutcome.CallGone;
        }

        return await call.RingAgentAsync(agentId, extension, ringTimeout, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask HangUpAsync(string callId, string reason)
    {
        _calls.Find(callId)?.HangUp(reason);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<string?> CollectDigitAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_calls.Find(callId) is not { } call)
        {
            return null;
        }

        var digit = await call.WaitForDigitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return digit?.ToString();
    }

    public async ValueTask<string?> RecordVoiceMessageAsync(string callId, TimeSpan maxDuration, CancellationToken cancellationToken = default)
    {
        if (_calls.Find(callId) is not { } call)
        {
            return null;
        }

        return await call.RecordVoiceMessageAsync(_recordingsFolder, maxDuration, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<OfferOutcome> DialCallbackAsync(string callId, string callerNumber, string agentId, TimeSpan ringTimeout, CancellationToken cancellationToken = default) =>
        _calls.Find(callId) is { } call
            ? new ValueTask<OfferOutcome>(call.DialCallbackAsync(callerNumber, ringTimeout, cancellationToken))
            : ValueTask.FromResult(OfferOutcome.CallGone);

    /// <summary>The prompts for an announcement, numbers spoken by concatenation (PromptLibrary).</summary>
    internal IReadOnlyList<AudioClip> Prompts(Announcement announcement)
    {
        switch (announcement.Kind)
        {
            case AnnouncementKind.QueuePosition:
                var clips = new List<AudioClip>(_prompts.QueuePosition(announcement.Position));
                if (announcement.EstimatedWait > TimeSpan.Zero)
                {
                    // Rounded up: "about one minute" for a 20 s wait is kinder than "zero minutes".
                    clips.AddRange(_prompts.EstimatedWait((int)Math.Ceiling(announcement.EstimatedWait.TotalMinutes)));
                }

                return clips;
            case AnnouncementKind.OverflowOffer:
                return [_prompts.Get(PromptId.OverflowOffer)];
            case AnnouncementKind.VoiceMessageInstructions:
                return [_prompts.Get(PromptId.VoicemailInstructions)];
            case AnnouncementKind.RestrictedCallerNotice:
                return [_prompts.Get(PromptId.RestrictedCaller)];
            case AnnouncementKind.EmergencyTransferNotice:
                return [_prompts.Get(PromptId.EmergencyTransfer)];
            case AnnouncementKind.TransferFailed:
                return [_prompts.Get(PromptId.TransferFailed)];
            case AnnouncementKind.Goodbye:
                return [_prompts.Get(PromptId.Goodbye)];
            default:
                return [];
        }
    }
}
