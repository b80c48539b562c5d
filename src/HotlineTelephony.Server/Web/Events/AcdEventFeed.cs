using System.Threading.Channels;
using HotlineTelephony.CallCenter.Acd;

namespace HotlineTelephony.Server.Web.Events;

/// <summary>
/// Fans every appended ACD event out, in sequence order, to the web side's readers (wallboard fold, agent desk). Each
/// reader has its own unbounded channel, so a slow reader never holds up a grain turn or another reader.
/// </summary>
public sealed class AcdEventFeed
{
    private readonly Lock _gate = new();
    private Channel<AcdEvent>[] _readers = [];

    /// <summary>A new reader; it sees every event published from now on.</summary>
    public ChannelReader<AcdEvent> Subscribe()
    {
        var channel = Channel.CreateUnbounded<AcdEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _readers = [.. _readers, channel];
        }

        return channel.Reader;
    }

    public void Publish(AcdEvent evt)
    {
        foreach (var reader in Volatile.Read(ref _readers))
        {
            reader.Writer.TryWrite(evt);
        }
    }
}
