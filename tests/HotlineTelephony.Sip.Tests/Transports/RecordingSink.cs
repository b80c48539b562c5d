using System.Threading.Channels;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Transports;

/// <summary>Stands in for the transaction layer: records what the transport layer delivers.</summary>
internal sealed class RecordingSink : ISipMessageSink
{
    private readonly Channel<(SipMessage Message, SipRemote Source)> _messages = Channel.CreateUnbounded<(SipMessage, SipRemote)>();

    public void OnMessage(SipMessage message, SipRemote source) => _messages.Writer.TryWrite((message, source));

    public async Task<(SipMessage Message, SipRemote Source)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _messages.Reader.ReadAsync(timeout.Token);
    }

    public bool TryNext(out (SipMessage Message, SipRemote Source) item) => _messages.Reader.TryRead(out item);
}
