using System.Collections.Concurrent;

namespace HotlineTelephony.CallCenter.VoiceMessages;

/// <summary>Voice messages in memory (tests, and hosts that do not persist them).</summary>
public sealed class InMemoryVoiceMessageStore : IVoiceMessageStore
{
    private readonly ConcurrentDictionary<string, VoiceMessage> _messages = new(StringComparer.Ordinal);

    public Task AddAsync(VoiceMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        _messages[message.CallId] = message;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VoiceMessage>> ListAsync(bool pendingOnly, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<VoiceMessage>>([.. _messages.Values
            .Where(m => !pendingOnly || m.HandledAt is null)
            .OrderByDescending(m => m.LeftAt).ThenBy(m => m.CallId, StringComparer.Ordinal)]);

    public Task<bool> MarkHandledAsync(string callId, string handledBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        while (_messages.TryGetValue(callId, out var message) && message.HandledAt is null)
        {
            if (_messages.TryUpdate(callId, message with { HandledAt = at, HandledBy = handledBy }, message))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }
}
