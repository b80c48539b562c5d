using System.Globalization;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Callbacks;

namespace HotlineTelephony.CallCenter.Calls;

/// <summary>
/// A callback task's life: stored on every change so it survives a restart; offered to agents at the place it kept
/// (CallbackOffered); the agent accepts (CallbackAccepted) and the server dials the caller (CallbackDialled, attempt n).
/// A busy, unanswered or failed dial goes back to the queue after the policy's retry interval (CallbackRetryScheduled)
/// until the attempts run out (CallbackFailed); an agent who leaves mid-dial puts it back at once, uncounted.
/// </summary>
public sealed partial class CallGrain
{
    private CallbackTask? _task;
    private int _attempts;
    private int _dial;
    private IDisposable? _retryTimer;

    public async Task StartCallbackAsync(CallbackTask task)
    {
        if (_state != CallState.New)
        {
            return;
        }

        _isCallback = true;
        _task = task;
        _attempts = task.Attempts;
        _queueId = task.QueueId;
        _callerNumber = task.CallerNumber;
        _keepAlive = RegisterTimer(static _ => Task.CompletedTask, null, s_keepAlive, s_keepAlive);
        if (_catalog.Find(task.QueueId) is null)
        {
            // Only for a task resumed after its queue left the dialplan: nobody can take it any more.
            Append(AcdEventKind.CallbackFailed, null, "queue-gone");
            End(CallDisposition.CallbackFailed);
            await SaveTaskAsync(CallbackTaskStatus.Failed, "queue-gone");
            return;
        }

        var now = TimeProvider.GetUtcNow();
        if (task.NotBefore is { } notBefore && notBefore > now)
        {
            _state = CallState.Scheduled;
            await SaveTaskAsync(CallbackTaskStatus.Open, null, notBefore);
            ScheduleRetry(notBefore - now);
            return;
        }

        _state = CallState.Waiting;
        await SaveTaskAsync(CallbackTaskStatus.Open, null);
        await EnqueueTaskAsync(retry: task.Resumed || task.Attempts > 0);
    }

    // In the turn that saw the agent answer the task: dial the caller off-turn.
    private Task CallbackAcceptedAsync(string agentId)
    {
        Append(AcdEventKind.CallbackAccepted, agentId);
        var dial = ++_dial;
        Append(AcdEventKind.CallbackDialled, agentId, (_attempts + 1).ToString(CultureInfo.InvariantCulture));
        var ringTimeout = TimeSpan.FromSeconds(_catalog.Find(_queueId!)?.RingTimeoutSeconds * 2 ?? 30);
        _ = DialInBackground(Self, dial, agentId, ringTimeout);
        return Task.CompletedTask;
    }

    private async Task DialInBackground(ICallGrain self, int dial, string agentId, TimeSpan ringTimeout)
    {
        var callId = GrainKey;
        OfferOutcome outcome;
        try
        {
            outcome = await _telephony.DialCallbackAsync(callId, _callerNumber, agentId, ringTimeout);
        }
        catch (Exception ex)
        {
            AcdLog.TelephonyFailed(_logger, callId, "dialling the callback", agentId, ex);
            outcome = OfferOutcome.Unreachable;
        }

        await self.CallbackDialEndedAsync(dial, outcome);
    }

    public async Task CallbackDialEndedAsync(int dial, OfferOutcome outcome)
    {
        if (_state != CallState.Talking || !_isCallback || _callbackConnected || dial != _dial)
        {
            return;
        }

        if (outcome == OfferOutcome.Answered)
        {
            _callbackConnected = true;
            Append(AcdEventKind.CallbackCompleted, _agentId);
            await SaveTaskAsync(CallbackTaskStatus.Completed, outcome.ToString());
            return;
        }

        if (outcome == OfferOutcome.CallGone)
        {
            await AgentLeftCallbackAsync();
            return;
        }

        _attempts++;
        var agentId = _agentId;
        await ReleaseCallbackAgentAsync("callback not answered");
        var queue = _catalog.Find(_queueId!);
        var maxAttempts = queue?.CallbackMaxAttempts ?? 1;
        if (_attempts >= maxAttempts)
        {
            Append(AcdEventKind.CallbackFailed, agentId, outcome.ToString());
            End(CallDisposition.CallbackFailed);
            await SaveTaskAsync(CallbackTaskStatus.Failed, outcome.ToString());
            return;
        }

        var interval = TimeSpan.FromSeconds(queue!.CallbackRetryIntervalSeconds);
        Append(AcdEventKind.CallbackRetryScheduled, agentId, outcome.ToString());
        AcdLog.CallbackRetryScheduled(_logger, GrainKey, _queueId!, _attempts, maxAttempts, outcome.ToString(), interval);
        _state = CallState.Scheduled;
        await SaveTaskAsync(CallbackTaskStatus.Open, outcome.ToString(), TimeProvider.GetUtcNow() + interval);
        ScheduleRetry(interval);
    }

    // The agent's leg ended before the caller answered: the task is not lost, it goes back to the queue at its place.
    private async Task AgentLeftCallbackAsync()
    {
        var agentId = _agentId;
        _dial++;
        await ReleaseCallbackAgentAsync("agent left the callback");
        Append(AcdEventKind.CallbackRetryScheduled, agentId, "agent-left");
        _state = CallState.Waiting;
        await SaveTaskAsync(CallbackTaskStatus.Open, "agent-left");
        await EnqueueTaskAsync(retry: true);
    }

    private async Task ReleaseCallbackAgentAsync(string reason)
    {
        await _telephony.HangUpAsync(GrainKey, reason);
        if (_agentId is { } agentId)
        {
            await GrainFactory.GetGrain<IAgentGrain>(agentId).CallEndedAsync(GrainKey);
        }

        _agentId = null;
    }

    private void ScheduleRetry(TimeSpan after)
    {
        _retryTimer?.Dispose();
        _retryTimer = RegisterTimer(RetryDueAsync, _dial, after, Timeout.InfiniteTimeSpan);
    }

    private async Task RetryDueAsync(object? state)
    {
        if (_state != CallState.Scheduled || (int)state! != _dial)
        {
            return;
        }

        _retryTimer?.Dispose();
        _retryTimer = null;
        _state = CallState.Waiting;
        await EnqueueTaskAsync(retry: true);
    }

    private Task EnqueueTaskAsync(bool retry) =>
        Queue.EnqueueAsync(new WaitingCall(GrainKey, _task!.CallerNumber, _task.DialledNumber, _task.Priority, IsCallback: true, Place: _task.Place, IsCallbackRetry: retry));

    // A failed write is retried by the store; if it still fails the task keeps going in memory and the error is logged.
    private async Task SaveTaskAsync(CallbackTaskStatus status, string? outcome, DateTimeOffset? notBefore = null)
    {
        var now = TimeProvider.GetUtcNow();
        try
        {
            await _callbackTasks.SaveAsync(new StoredCallbackTask(_task! with { Attempts = _attempts, NotBefore = notBefore, Resumed = false }, status, outcome, now, now));
        }
        catch (Exception ex)
        {
            AcdLog.StoreFailed(_logger, GrainKey, "the callback task", ex);
        }
    }
}
