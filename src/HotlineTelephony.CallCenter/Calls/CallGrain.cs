using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.CallCenter.VoiceMessages;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.CallCenter.Calls;

/// <summary>
/// One call's life in the ACD. Telephony work that takes time (ringing, prompts, key collection, dialling a callback)
/// runs outside the grain's turns and reports back to the grain as a one-way message, so a hang-up is handled at once
/// even while an agent is ringing, and a late result from a superseded offer is recognised by its offer number.
/// </summary>
public sealed partial class CallGrain : Grain, ICallGrain
{
    // Keeps the activation alive while the call is in progress (a 20-minute talk gets no other message).
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_voiceMessageMax = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_ringGrace = TimeSpan.FromSeconds(5);

    private readonly ICallTelephony _telephony;
    private readonly IAcdEventLog _events;
    private readonly IQueueCatalog _catalog;
    private readonly ISmsSender _sms;
    private readonly ICallbackTaskStore _callbackTasks;
    private readonly VoiceMessageInbox _voiceMessages;
    private readonly ILogger<CallGrain> _logger;
    private CallState _state = CallState.New;
    private string? _queueId;
    private string _callerNumber = "";
    private string? _agentId;
    private bool _isCallback;
    private bool _callbackConnected;
    private bool _overflowOffered;
    private int _offer;
    private CancellationTokenSource? _ringing;
    private DateTimeOffset _answeredAt;
    private string? _disposition;
    private IDisposable? _keepAlive;

    public CallGrain(
        ICallTelephony telephony,
        IAcdEventLog events,
        IQueueCatalog catalog,
        ISmsSender sms,
        ICallbackTaskStore callbackTasks,
        VoiceMessageInbox voiceMessages,
        ILogger<CallGrain> logger)
    {
        _telephony = telephony;
        _events = events;
        _catalog = catalog;
        _sms = sms;
        _callbackTasks = callbackTasks;
        _voiceMessages = voiceMessages;
        _logger = logger;
    }

    private IQueueGrain Queue => GrainFactory.GetGrain<IQueueGrain>(_queueId!);

    private ICallGrain Self => GrainFactory.GetGrain<ICallGrain>(GrainKey);

    public async Task ArriveAsync(CallArrival arrival)
    {
        if (_state != CallState.New)
        {
            return;
        }

        if (_catalog.Find(arrival.QueueId) is null)
        {
            throw new InvalidOperationException($"Call {GrainKey}: queue {arrival.QueueId} is not defined.");
        }

        _queueId = arrival.QueueId;
        _callerNumber = arrival.CallerNumber;
        _state = CallState.Waiting;
        _keepAlive = RegisterTimer(static _ => Task.CompletedTask, null, s_keepAlive, s_keepAlive);
        _events.Append(new AcdEvent(TimeProvider.GetUtcNow(), AcdEventKind.CallArrived, GrainKey, _queueId, Detail: arrival.IncidentReference, Priority: arrival.Priority));
        await Queue.EnqueueAsync(new WaitingCall(GrainKey, arrival.CallerNumber, arrival.DialledNumber, arrival.Priority));
    }

    public async Task OfferAsync(string agentId, string extension, TimeSpan ringTimeout, bool chosen = false)
    {
        if (_state != CallState.Waiting)
        {
            // The caller left before the offer reached us: release the agent the queue reserved.
            await GrainFactory.GetGrain<IAgentGrain>(agentId).OfferFailedAsync(GrainKey, OfferOutcome.CallGone);
            return;
        }

        _state = CallState.Ringing;
        _agentId = agentId;
        if (_isCallback)
        {
            Append(AcdEventKind.CallbackOffered, agentId, chosen ? "chosen" : null);
        }

        var offer = ++_offer;
        _ringing = new CancellationTokenSource();
        _ = RingInBackground(Self, offer, agentId, extension, ringTimeout, _ringing.Token);
    }

    // Runs outside the grain's turns: touches no grain state, reports through a one-way message.
    private async Task RingInBackground(ICallGrain self, int offer, string agentId, string extension, TimeSpan ringTimeout, CancellationToken cancellationToken)
    {
        var callId = GrainKey;
        OfferOutcome outcome;
        try
        {
            // A telephony that never reports must not hold the caller: past the ring timeout and a grace it is a no-answer.
            outcome = await _telephony.RingAgentAsync(callId, agentId, extension, ringTimeout, cancellationToken)
                .AsTask().WaitAsync(ringTimeout + s_ringGrace, TimeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            AcdLog.RingNotReported(_logger, callId, agentId);
            outcome = OfferOutcome.NoAnswer;
        }
        catch (OperationCanceledException)
        {
            outcome = OfferOutcome.CallGone;
        }
        catch (Exception ex)
        {
            AcdLog.TelephonyFailed(_logger, callId, "ringing", agentId, ex);
            outcome = OfferOutcome.Unreachable;
        }

        await self.RingEndedAsync(offer, outcome);
    }

    public async Task RingEndedAsync(int offer, OfferOutcome outcome)
    {
        if (_state != CallState.Ringing || offer != _offer)
        {
            return;
        }

        var agentId = _agentId!;
        var agent = GrainFactory.GetGrain<IAgentGrain>(agentId);
        switch (outcome)
        {
            case OfferOutcome.Answered:
                if (!await agent.OfferAnsweredAsync(GrainKey))
                {
                    // Only after the offer watchdog gave up on a telephony that never reported; the caller keeps its place.
                    AcdLog.AnswerRefused(_logger, GrainKey, agentId, _queueId!);
                    await BackToQueue(agentId);
                    return;
                }

                await Queue.OfferEndedAsync(GrainKey, agentId, answered: true);
                _state = CallState.Talking;
                _answeredAt = TimeProvider.GetUtcNow();
                if (_isCallback)
                {
                    await CallbackAcceptedAsync(agentId);
                }

                return;

            case OfferOutcome.CallGone:
                await CallerHungUpAsync();
                return;

            default:
                _ringing?.Cancel();

                // The agent is released before the caller is offered again, so the call is never offered to two agents at
                // once; until then the queue keeps the caller at its place, marked as ringing.
                await agent.OfferFailedAsync(GrainKey, outcome);
                await BackToQueue(agentId);
                return;
        }
    }

    private async Task BackToQueue(string agentId)
    {
        _state = CallState.Waiting;
        _agentId = null;
        _ringing = null;
        await Queue.OfferEndedAsync(GrainKey, agentId, answered: false);
    }

    public async Task CallerHungUpAsync()
    {
        switch (_state)
        {
            case CallState.New:
                End(CallDisposition.Abandoned);
                break;
            case CallState.Waiting:
                await Queue.LeaveAsync(GrainKey, QueueExit.Abandoned);
                End(CallDisposition.Abandoned);
                break;
            case CallState.Ringing:
                _ringing?.Cancel();
                await Queue.LeaveAsync(GrainKey, QueueExit.Abandoned);
                await GrainFactory.GetGrain<IAgentGrain>(_agentId!).OfferFailedAsync(GrainKey, OfferOutcome.CallGone);
                End(CallDisposition.Abandoned);
                break;
            case CallState.Talking:
                await FinishTalk();
                break;
        }
    }

    public async Task AgentHungUpAsync()
    {
        if (_state == CallState.Talking && _isCallback && !_callbackConnected)
        {
            // The agent left while the caller was being dialled: the task goes back to the queue, not lost.
            await AgentLeftCallbackAsync();
        }
        else if (_state == CallState.Talking)
        {
            await FinishTalk();
        }
    }

    private async Task FinishTalk()
    {
        var talk = TimeProvider.GetUtcNow() - _answeredAt;
        await _telephony.HangUpAsync(GrainKey, "call ended");
        await GrainFactory.GetGrain<IAgentGrain>(_agentId!).CallEndedAsync(GrainKey);
        _ = Queue.CallCompletedAsync(GrainKey, talk);
        End(!_isCallback ? CallDisposition.Answered : _callbackConnected ? CallDisposition.CallbackCompleted : CallDisposition.CallbackFailed);
    }

    public Task AnnounceAsync(int position, TimeSpan estimatedWait)
    {
        if (_state != CallState.Waiting || _isCallback)
        {
            return Task.CompletedTask;
        }

        _events.Append(new AcdEvent(TimeProvider.GetUtcNow(), AcdEventKind.PositionAnnounced, GrainKey, _queueId,
            Detail: position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _ = PlayInBackground(new Announcement(AnnouncementKind.QueuePosition, position, estimatedWait));
        return Task.CompletedTask;
    }

    public Task OfferOverflowAsync()
    {
        if (_state != CallState.Waiting || _isCallback || _overflowOffered)
        {
            return Task.CompletedTask;
        }

        _overflowOffered = true;
        _events.Append(new AcdEvent(TimeProvider.GetUtcNow(), AcdEventKind.OverflowOffered, GrainKey, _queueId));
        var keyTimeout = TimeSpan.FromSeconds(_catalog.Find(_queueId!)?.Overflow.KeyTimeoutSeconds ?? 8);
        _ = OverflowInBackground(Self, keyTimeout);
        return Task.CompletedTask;
    }

    private async Task OverflowInBackground(ICallGrain self, TimeSpan keyTimeout)
    {
        string? digit = null;
        try
        {
            await _telephony.AnnounceAsync(GrainKey, new Announcement(AnnouncementKind.OverflowOffer));
            digit = await _telephony.CollectDigitAsync(GrainKey, keyTimeout);
        }
        catch (Exception ex)
        {
            AcdLog.TelephonyFailed(_logger, GrainKey, "offering overflow", null, ex);
        }

        await self.OverflowChoiceAsync(digit);
    }

    public async Task OverflowChoiceAsync(string? digit)
    {
        // Ringing may have started while the offer played: the caller is about to be served, the key no longer counts.
        if (_state != CallState.Waiting || digit is null)
        {
            return;
        }

        var overflow = _catalog.Find(_queueId!)!.Overflow;
        if (digit == overflow.VoiceMessageKey)
        {
            await Queue.LeaveAsync(GrainKey, QueueExit.VoiceMessage);
            End(CallDisposition.VoiceMessage);
            _ = DivertInBackground(AnnouncementKind.VoiceMessageInstructions, recordVoiceMessage: true, sendSms: false);
        }
        else if (digit == overflow.CallbackKey)
        {
            await Queue.LeaveAsync(GrainKey, QueueExit.Callback);
            End(CallDisposition.CallbackRequested);
            _ = DivertInBackground(AnnouncementKind.Goodbye, recordVoiceMessage: false, sendSms: false);
        }
        else if (digit == overflow.SmsLinkKey)
        {
            await Queue.LeaveAsync(GrainKey, QueueExit.SmsLink);
            End(CallDisposition.SmsLink);
            _ = DivertInBackground(AnnouncementKind.Goodbye, recordVoiceMessage: false, sendSms: true);
        }
    }

    // After the caller chose a diversion the call is over for the ACD; what remains is telephony only.
    private async Task DivertInBackground(AnnouncementKind prompt, bool recordVoiceMessage, bool sendSms)
    {
        try
        {
            if (sendSms)
            {
                await _sms.SendOnlineChannelLinkAsync(GrainKey, _callerNumber);
            }

            await _telephony.AnnounceAsync(GrainKey, new Announcement(prompt));
            if (recordVoiceMessage
                && await _telephony.RecordVoiceMessageAsync(GrainKey, s_voiceMessageMax) is { Length: > 0 } reference)
            {
                await StoreVoiceMessageAsync(reference);
            }

            await _telephony.HangUpAsync(GrainKey, "diverted");
        }
        catch (Exception ex)
        {
            AcdLog.TelephonyFailed(_logger, GrainKey, "diverting", null, ex);
        }
    }

    // Runs after the call left the grain's turns (the call has ended): reads only fields that no longer change.
    private async Task StoreVoiceMessageAsync(string reference)
    {
        try
        {
            await _voiceMessages.LeftAsync(GrainKey, _queueId!, _callerNumber, reference);
        }
        catch (Exception ex)
        {
            AcdLog.StoreFailed(_logger, GrainKey, "the voice message " + reference, ex);
        }
    }

    private async Task PlayInBackground(Announcement announcement)
    {
        try
        {
            await _telephony.AnnounceAsync(GrainKey, announcement);
        }
        catch (Exception ex)
        {
            AcdLog.TelephonyFailed(_logger, GrainKey, "announcing", null, ex);
        }
    }

    public Task<CallSnapshot> GetSnapshotAsync() =>
        Task.FromResult(new CallSnapshot(GrainKey, _state, _queueId, _agentId, _isCallback, _disposition));

    public Task ReleaseAsync()
    {
        if (_state == CallState.Ended && _retryTimer is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    private void End(string disposition)
    {
        if (_state == CallState.Ended)
        {
            return;
        }

        _state = CallState.Ended;
        _disposition = disposition;
        _ringing = null;
        _keepAlive?.Dispose();
        _events.Append(new AcdEvent(TimeProvider.GetUtcNow(), AcdEventKind.CallEnded, GrainKey, _queueId, _agentId, disposition));
        AcdLog.CallEnded(_logger, GrainKey, _queueId, disposition, _agentId);
    }

    private void Append(AcdEventKind kind, string? agentId, string? detail = null) =>
        _events.Append(new AcdEvent(TimeProvider.GetUtcNow(), kind, GrainKey, _queueId, agentId, detail));
}
