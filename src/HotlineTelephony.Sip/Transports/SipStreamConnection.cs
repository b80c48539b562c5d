using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// One SIP connection over a byte <see cref="Stream"/>: a reader task that frames messages with
/// <see cref="SipStreamFramer"/> in a pooled buffer that grows up to the message size limit, and a writer
/// task that drains an ordered send queue of pooled arrays. The queue is capped in bytes so a peer that
/// stops reading cannot make us buffer without bound.
/// </summary>
/// <remarks>
/// Working over <see cref="Stream"/> rather than <see cref="Socket"/> is what lets TLS reuse this class
/// unchanged (an SslStream wrapping the NetworkStream); WebSocket, whose frames already delimit messages,
/// would swap the framing in the read loop only. The transaction layer sees neither: it has a
/// <see cref="SipRemote"/> with a connection id.
/// </remarks>
internal sealed class SipStreamConnection
{
    private const int InitialReadBuffer = 8 * 1024;
    private const int Open = 0;
    private const int Draining = 1;
    private const int Closed = 2;

    private static readonly byte[] s_pong = "\r\n"u8.ToArray();

    private readonly StreamSipTransport _owner;
    private readonly Stream _stream;
    private readonly Socket? _socket;
    private readonly ISipTransportReceiver _receiver;
    private readonly int _maxMessageBytes;
    private readonly int _maxQueuedBytes;
    private readonly TimeProvider _time;
    private readonly Channel<OutboundFrame> _sendQueue;
    private readonly CancellationTokenSource _closing = new();
    private long _queuedBytes;
    private long _lastActivity;
    private int _state;

    public SipStreamConnection(
        StreamSipTransport owner,
        long id,
        Stream stream,
        Socket? socket,
        IPEndPoint remote,
        IPEndPoint local,
        bool outbound,
        ISipTransportReceiver receiver,
        SipTransportOptions options,
        TimeProvider time)
    {
        _owner = owner;
        Id = id;
        _stream = stream;
        _socket = socket;
        Remote = remote;
        Local = local;
        IsOutbound = outbound;
        _receiver = receiver;
        _maxMessageBytes = options.MaxMessageBytes;
        _maxQueuedBytes = options.MaxConnectionSendQueueBytes;
        _time = time;
        _sendQueue = Channel.CreateUnbounded<OutboundFrame>(new UnboundedChannelOptions { SingleReader = true });
        _lastActivity = time.GetTimestamp();
    }

    public long Id { get; }

    public IPEndPoint Remote { get; }

    public IPEndPoint Local { get; }

    public bool IsOutbound { get; }

    public bool IsOpen => Volatile.Read(ref _state) == Open;

    public SipRemote SipRemote => new(_owner.Kind, Remote, Id);

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last byte read or written.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    public void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues a copy of <paramref name="data"/>.</summary>
    public void Send(ReadOnlySpan<byte> data)
    {
        var copy = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(copy);
        SendOwned(copy, data.Length);
    }

    /// <summary>Queues a pooled array; ownership passes to the connection even when this throws.</summary>
    public void SendOwned(byte[] pooled, int length)
    {
        if (Volatile.Read(ref _state) != Open)
        {
            ArrayPool<byte>.Shared.Return(pooled);
            throw new SipTransportException($"Connection {Id} to {Remote} is closed");
        }

        if (Interlocked.Add(ref _queuedBytes, length) > _maxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -length);
            ArrayPool<byte>.Shared.Return(pooled);
            _owner.OnSendQueueFull(this, _maxQueuedBytes);
            Close("send queue full");
            throw new SipTransportException($"Connection {Id} to {Remote} is not reading; its send queue is over {_maxQueuedBytes} bytes");
        }

        if (!_sendQueue.Writer.TryWrite(new OutboundFrame(pooled, length)))
        {
            Interlocked.Add(ref _queuedBytes, -length);
            ArrayPool<byte>.Shared.Return(pooled);
            throw new SipTransportException($"Connection {Id} to {Remote} is closed");
        }
    }

    /// <summary>Stops reading and closes once the queued messages (an error response, say) are written.</summary>
    public void CloseAfterFlush()
    {
        if (Interlocked.CompareExchange(ref _state, Draining, Open) == Open)
        {
            _sendQueue.Writer.TryComplete();
        }
    }

    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _state, Closed) == Closed)
        {
            return;
        }

        _sendQueue.Writer.TryComplete();
        try
        {
            _closing.Cancel();
        }
        catch (AggregateException)
        {
            // Callbacks are our own pending reads/writes; their failures are expected during close.
        }

        try
        {
            // FIN after what was written, so a final error response is not cut off.
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stream.Dispose();
        _owner.OnConnectionClosed(this, reason);
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialReadBuffer);
        int filled = 0;
        var token = _closing.Token;
        string reason = "peer closed";
        try
        {
            while (Volatile.Read(ref _state) == Open)
            {
                if (filled == buffer.Length)
                {
                    // Only reached while a message is incomplete; the framer refuses anything past the
                    // limit, so the buffer never needs more than MaxMessageBytes + 1.
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxMessageBytes + 1));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int n = await _stream.ReadAsync(buffer.AsMemory(filled), token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                filled += n;
                Touch();
                int consumed = Dispatch(buffer, filled);
                if (consumed < 0)
                {
                    return;
                }

                if (consumed > 0)
                {
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = "closed";
        }
        catch (IOException)
        {
            reason = "read failed";
        }
        catch (ObjectDisposedException)
        {
            reason = "closed";
        }
        catch (SipTransportException)
        {
            // A pong or error reply could not be queued: Close has run or is about to.
            reason = "send failed";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (Volatile.Read(ref _state) == Open)
        {
            Close(reason);
        }
    }

    /// <summary>Hands every complete frame to the receiver; returns bytes consumed, or -1 when the stream is unusable.</summary>
    private int Dispatch(byte[] buffer, int filled)
    {
        int consumed = 0;
        while (consumed < filled)
        {
            var pending = buffer.AsSpan(consumed, filled - consumed);
            var result = SipStreamFramer.TryFrame(pending, _maxMessageBytes, out int start, out int length, out string? error);
            switch (result)
            {
                case SipStreamFramer.FrameResult.Incomplete:
                    return consumed;

                case SipStreamFramer.FrameResult.KeepAlive:
                    if (length == pending.Length && length < 4)
                    {
                        // Possibly the first half of a CRLFCRLF ping split across segments.
                        return consumed;
                    }

                    if (length >= 4)
                    {
                        // RFC 5626 §4.4.1: a double-CRLF ping is answered with a single CRLF pong.
                        Send(s_pong);
                    }

                    consumed += length;
                    break;

                case SipStreamFramer.FrameResult.Message:
                    _receiver.OnReceived(pending.Slice(start, length), SipRemote);
                    consumed += start + length;
                    break;

                default:
                    // The framer's size errors all mention the maximum message size; the rest are malformed framing.
                    bool tooLarge = error!.Contains("maximum message size", StringComparison.Ordinal);
                    _receiver.OnFramingError(pending, error, tooLarge, SipRemote);
                    CloseAfterFlush();
                    return -1;
            }
        }

        return consumed;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _sendQueue.Reader;
        var token = _closing.Token;
        string reason = "closed after flush";
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    try
                    {
                        await _stream.WriteAsync(frame.Buffer.AsMemory(0, frame.Length), token).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Add(ref _queuedBytes, -frame.Length);
                        ArrayPool<byte>.Shared.Return(frame.Buffer);
                    }

                    Touch();
                }

                // A no-op for NetworkStream; SslStream and buffered streams need it.
                await _stream.FlushAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            reason = "closed";
        }
        catch (IOException)
        {
            reason = "write failed";
        }
        catch (ObjectDisposedException)
        {
            reason = "closed";
        }
        finally
        {
            while (reader.TryRead(out var frame))
            {
                Interlocked.Add(ref _queuedBytes, -frame.Length);
                ArrayPool<byte>.Shared.Return(frame.Buffer);
            }
        }

        Close(reason);
    }

    private readonly record struct OutboundFrame(byte[] Buffer, int Length);
}
