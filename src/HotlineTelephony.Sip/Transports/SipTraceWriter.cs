using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// Appends a timestamped copy of each message to a file. The I/O thread only copies bytes into a channel;
/// one background task formats and writes, so a slow disk never stalls SIP. When the channel is full,
/// entries are dropped rather than blocking the network path.
/// </summary>
public sealed class SipTraceWriter : ISipTraceSink, IAsyncDisposable
{
    private readonly Channel<Entry> _channel;
    private readonly TimeProvider _time;
    private readonly Task _writer;

    public SipTraceWriter(string path, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _channel = Channel.CreateBounded<Entry>(new BoundedChannelOptions(10_000)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        _writer = Task.Run(() => WriteLoopAsync(path, logger));
    }

    public void OnReceived(ReadOnlySpan<byte> message, SipRemote source) =>
        _channel.Writer.TryWrite(new Entry(_time.GetUtcNow(), false, source, message.ToArray()));

    public void OnSent(ReadOnlySpan<byte> message, SipRemote destination) =>
        _channel.Writer.TryWrite(new Entry(_time.GetUtcNow(), true, destination, message.ToArray()));

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync(string path, ILogger? logger)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
            await using var text = new StreamWriter(file, new UTF8Encoding(false));
            var reader = _channel.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var e))
                {
                    await text.WriteAsync(e.Time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).ConfigureAwait(false);
                    await text.WriteAsync(e.Sent ? " SEND to " : " RECV from ").ConfigureAwait(false);
                    await text.WriteAsync(e.Remote.ToString()).ConfigureAwait(false);
                    await text.WriteAsync('\n').ConfigureAwait(false);
                    await text.WriteAsync(Encoding.UTF8.GetString(e.Bytes)).ConfigureAwait(false);
                    await text.WriteAsync("\n----\n").ConfigureAwait(false);
                }

                await text.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (logger is not null)
        {
            SipTransportLog.TraceFailed(logger, path, ex);
        }
    }

    private readonly record struct Entry(DateTimeOffset Time, bool Sent, SipRemote Remote, byte[] Bytes);
}
