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
    private long _firstSequence;

    /// <summary>
    /// Sequence number of the first event appended by this process (0 before it). Everything below it in the log was
    /// appended before this start, by calls and agent sessions a restart has ended (grains and calls live in memory).
    /// </summary>
    public long FirstSequence => Interlocked.Read(ref _firstSequence);

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
        ArgumentNullException.ThrowIfNull(evt);
        Interlocked.CompareExchange(ref _firstSequence, evt.Sequence, 0);
        foreach (var reader in Volatile.Read(ref _readers))
        {
            reader.Writer.TryWrite(evt);
        }
    }
}
