using System.Collections.Concurrent;
using System.Net;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Prompts;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// The call centre's telephony port over our SIP stack and media engine: announcements become prompt sequences on
/// the caller's bridge, an offer becomes an INVITE to the agent's registered phone, a callback rings the agent first
/// and then dials the caller through the carrier trunk, a hang-up becomes BYE/CANCEL. Orders for calls that have
/// ended do nothing, as the contract says.
/// </summary>
internal sealed partial class SipCallTelephony : ICallTelephony
{
    private readonly HotlineCallRegistry _calls;
    private readonly IServiceProvider _services;
    private readonly string _recordingsFolder;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, CallbackCall> _callbacks = new(StringComparer.Ordinal);

    public SipCallTelephony(HotlineCallRegistry calls, IServiceProvider services, IOptions<MediaEngineOptions> media, ILogger<SipCallTelephony> logger)
    {
        _calls = calls;
        _services = services;
        _recordingsFolder = media.Value.Recording.Folder;
        _logger = logger;
    }

    // Resolved late: the call centre needs the grain runtime, which needs this telephony.
    private HotlineCallCenter Center => _services.GetRequiredService<HotlineCallCenter>();

    public async ValueTask AnnounceAsync(string callId, Announcement announcement, CancellationToken cancellationToken = default)
    {
        if (_calls.Find(callId) is { } call && Center.Stack?.Media.Prompts is { } prompts)
        {
            await call.AnnounceAsync(Prompts(prompts, announcement), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<OfferOutcome> RingAgentAsync(string callId, string agentId, string extension, TimeSpan ringTimeout, CancellationToken cancellationToken = default)
    {
        if (_calls.Find(callId) is { } call)
        {
            return await call.RingAgentAsync(agentId, extension, ringTimeout, cancellationToken).ConfigureAwait(false);
        }

        if (Center.Stack is not { } stack || !callId.EndsWith(":callback", StringComparison.Ordinal))
        {
            return OfferOutcome.CallGone;
        }

        // A callback task: the agent is rung first and waits with ringback for DialCallbackAsync.
        var bindings = await stack.Locations.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        if (bindings.Count == 0)
        {
            return OfferOutcome.Unreachable;
        }

        var media = stack.CreateCallMedia(callId, bindings[0].Flow);
        var callback = new CallbackCall(callId, stack, media, _logger);
        if (!_callbacks.TryAdd(callId, callback))
        {
            await media.CloseAsync().ConfigureAwait(false);
            return OfferOutcome.Rejected;
        }

        var grain = Center.Grains.GetGrain<ICallGrain>(callId);
        callback.PartyHungUp += (c, isAgent) => _ = isAgent ? grain.AgentHungUpAsync() : grain.CallerHungUpAsync();
        callback.Ended += c => _callbacks.TryRemove(new KeyValuePair<string, CallbackCall>(c.CallId, c));
        var outcome = await callback.RingAgentAsync(agentId, extension, ringTimeout, cancellationToken).ConfigureAwait(false);
        if (outcome != OfferOutcome.Answered)
        {
            callback.HangUp();
        }

        return outcome;
    }

    public ValueTask HangUpAsync(string callId, string reason)
    {
        _calls.Find(callId)?.HangUp(reason);
        if (_callbacks.TryGetValue(callId, out var callback))
        {
            callback.HangUp();
        }

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

    public async ValueTask<OfferOutcome> DialCallbackAsync(string callId, string callerNumber, string agentId, TimeSpan ringTimeout, CancellationToken cancellationToken = default)
    {
        if (!_callbacks.TryGetValue(callId, out var callback))
        {
            return OfferOutcome.CallGone;
        }

        if (CarrierTrunk(Center.Dialplans.Current) is not { } trunk)
        {
            LogNoCarrierTrunk(_logger, callId);
            callback.HangUp();
            return OfferOutcome.Unreachable;
        }

        var outcome = await callback.DialCallerAsync(callerNumber, trunk, ringTimeout, cancellationToken).ConfigureAwait(false);
        if (outcome != OfferOutcome.Answered)
        {
            callback.HangUp();
        }

        return outcome;
    }

    /// <summary>Where calls to the public network go: the plan's first carrier trunk (its address must be a host, not a block).</summary>
    internal static SipRemote? CarrierTrunk(Dialplan plan)
    {
        foreach (var trunk in plan.Trunks)
        {
            if (trunk.Kind == TrunkKind.Carrier && IPAddress.TryParse(trunk.Address, out var address))
            {
                return new SipRemote(SipTransportKind.Udp, new IPEndPoint(address, trunk.Port));
            }
        }

        return null;
    }

    /// <summary>The prompts for an announcement, numbers spoken by concatenation (PromptLibrary).</summary>
    internal static IReadOnlyList<AudioClip> Prompts(PromptLibrary prompts, Announcement announcement)
    {
        switch (announcement.Kind)
        {
            case AnnouncementKind.QueuePosition:
                var clips = new List<AudioClip>(prompts.QueuePosition(announcement.Position));
                if (announcement.EstimatedWait > TimeSpan.Zero)
                {
                    // Rounded up: "about one minute" for a 20 s wait is kinder than "zero minutes".
                    clips.AddRange(prompts.EstimatedWait((int)Math.Ceiling(announcement.EstimatedWait.TotalMinutes)));
                }

                return clips;
            case AnnouncementKind.OverflowOffer:
                return [prompts.Get(PromptId.OverflowOffer)];
            case AnnouncementKind.VoiceMessageInstructions:
                return [prompts.Get(PromptId.VoicemailInstructions)];
            case AnnouncementKind.RestrictedCallerNotice:
                return [prompts.Get(PromptId.RestrictedCaller)];
            case AnnouncementKind.EmergencyTransferNotice:
                return [prompts.Get(PromptId.EmergencyTransfer)];
            case AnnouncementKind.TransferFailed:
                return [prompts.Get(PromptId.TransferFailed)];
            case AnnouncementKind.Goodbye:
                return [prompts.Get(PromptId.Goodbye)];
            default:
                return [];
        }
    }

    [LoggerMessage(EventId = 3240, Level = LogLevel.Warning, Message = "Callback {CallId}: the dialplan has no carrier trunk with a host address to dial the caller through")]
    private static partial void LogNoCarrierTrunk(ILogger logger, string callId);
}
