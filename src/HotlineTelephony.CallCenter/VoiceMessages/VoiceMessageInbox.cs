using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.CallCenter.VoiceMessages;

/// <summary>
/// The one way voice messages enter and leave the list, so the store and the event log always agree: a stored message
/// is VoiceMessageLeft (Detail = the recording reference), a handled one VoiceMessageHandled (Detail = who).
/// </summary>
public sealed class VoiceMessageInbox(IVoiceMessageStore store, IAcdEventLog events, TimeProvider timeProvider)
{
    /// <summary>Stores the message, then appends VoiceMessageLeft; a store failure is thrown and nothing is appended.</summary>
    public async Task LeftAsync(string callId, string queueId, string callerNumber, string recordingPath, CancellationToken cancellationToken = default)
    {
        var at = timeProvider.GetUtcNow();
        await store.AddAsync(new VoiceMessage(callId, queueId, callerNumber, recordingPath, at), cancellationToken).ConfigureAwait(false);
        events.Append(new AcdEvent(at, AcdEventKind.VoiceMessageLeft, callId, queueId, Detail: recordingPath));
    }

    /// <summary>Marks the message handled and appends VoiceMessageHandled; false when it is unknown or was handled.</summary>
    public async Task<bool> HandledAsync(string callId, string handledBy, CancellationToken cancellationToken = default)
    {
        var at = timeProvider.GetUtcNow();
        if (!await store.MarkHandledAsync(callId, handledBy, at, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var queueId = (await store.ListAsync(pendingOnly: false, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(m => m.CallId == callId)?.QueueId;
        events.Append(new AcdEvent(at, AcdEventKind.VoiceMessageHandled, callId, queueId, Detail: handledBy));
        return true;
    }

    public Task<IReadOnlyList<VoiceMessage>> ListAsync(bool pendingOnly, CancellationToken cancellationToken = default) =>
        store.ListAsync(pendingOnly, cancellationToken);
}
