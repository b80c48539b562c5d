namespace HotlineTelephony.CallCenter.VoiceMessages;

/// <summary>
/// Where voice messages are listed for agents (SQLite in the records database by default). The audio itself is a
/// WAV file under the recordings folder; the store keeps who left it, where it is and whether it was dealt with.
/// Implementations retry failed writes and throw when they give up.
/// </summary>
public interface IVoiceMessageStore
{
    /// <summary>Adds the message (a second add for the same call replaces it).</summary>
    Task AddAsync(VoiceMessage message, CancellationToken cancellationToken = default);

    /// <summary>Newest first; only the ones not yet handled when <paramref name="pendingOnly"/>.</summary>
    Task<IReadOnlyList<VoiceMessage>> ListAsync(bool pendingOnly, CancellationToken cancellationToken = default);

    /// <summary>Marks the message handled; false when there is no such message or it was handled already.</summary>
    Task<bool> MarkHandledAsync(string callId, string handledBy, DateTimeOffset at, CancellationToken cancellationToken = default);
}
