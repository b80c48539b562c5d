using System.Collections.Concurrent;
using HotlineTelephony.CallCenter.Calls;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>
/// Telephony for ACD tests. Rings stay pending until the test completes them (or <see cref="RingHandler"/> decides);
/// a cancelled ring (caller hung up) completes with <see cref="OfferOutcome.CallGone"/>.
/// </summary>
public sealed class FakeTelephony : ICallTelephony
{
    public sealed record Ring(string CallId, string AgentId, TimeSpan Timeout, TaskCompletionSource<OfferOutcome> Outcome);

    public ConcurrentQueue<Ring> Rings { get; } = new();

    public ConcurrentQueue<(string CallId, Announcement Announcement)> Announcements { get; } = new();

    public ConcurrentQueue<string> HangUps { get; } = new();

    public ConcurrentQueue<(string CallId, string CallerNumber)> CallbackDials { get; } = new();

    public ConcurrentQueue<string> VoiceMessages { get; } = new();

    /// <summary>Key each call presses after the overflow offer (absent: none).</summary>
    public ConcurrentDictionary<string, string> Digits { get; } = new();

    public OfferOutcome CallbackDialOutcome { get; set; } = OfferOutcome.Answered;

    /// <summary>When set, decides every callback dial instead of <see cref="CallbackDialOutcome"/>.</summary>
    public Func<string, Task<OfferOutcome>>? CallbackDialHandler { get; set; }

    /// <summary>What a recorded voice message returns ("{0}" = the call id); null: the caller left nothing.</summary>
    public string? RecordedReference { get; set; } = "voicemail/{0}.wav";

    /// <summary>When set, decides every ring instead of leaving it pending.</summary>
    public Func<Ring, CancellationToken, Task<OfferOutcome>>? RingHandler { get; set; }

    public ValueTask AnnounceAsync(string callId, Announcement announcement, CancellationToken cancellationToken = default)
    {
        Announcements.Enqueue((callId, announcement));
        return ValueTask.CompletedTask;
    }

    public ValueTask<OfferOutcome> RingAgentAsync(string callId, string agentId, string extension, TimeSpan ringTimeout, CancellationToken cancellationToken = default)
    {
        var ring = new Ring(callId, agentId, ringTimeout, new TaskCompletionSource<OfferOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (RingHandler is { } handler)
        {
            return new ValueTask<OfferOutcome>(handler(ring, cancellationToken));
        }

        cancellationToken.Register(static s => ((TaskCompletionSource<OfferOutcome>)s!).TrySetResult(OfferOutcome.CallGone), ring.Outcome);
        Rings.Enqueue(ring);
        return new ValueTask<OfferOutcome>(ring.Outcome.Task);
    }

    public ValueTask HangUpAsync(string callId, string reason)
    {
        HangUps.Enqueue(callId);
        return ValueTask.CompletedTask;
    }

    public ValueTask<string?> CollectDigitAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Digits.TryGetValue(callId, out var digit) ? digit : null);

    public ValueTask<string?> RecordVoiceMessageAsync(string callId, TimeSpan maxDuration, CancellationToken cancellationToken = default)
    {
        VoiceMessages.Enqueue(callId);
        return ValueTask.FromResult(RecordedReference is { } format ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, callId) : null);
    }

    public ValueTask<OfferOutcome> DialCallbackAsync(string callId, string callerNumber, string agentId, TimeSpan ringTimeout, CancellationToken cancellationToken = default)
    {
        CallbackDials.Enqueue((callId, callerNumber));
        return CallbackDialHandler is { } handler ? new ValueTask<OfferOutcome>(handler(callId)) : ValueTask.FromResult(CallbackDialOutcome);
    }

    /// <summary>Takes the next pending ring, failing the test if none is pending.</summary>
    public Ring NextRing()
    {
        Assert.True(Rings.TryDequeue(out var ring), "No agent is being rung.");
        return ring;
    }
}
