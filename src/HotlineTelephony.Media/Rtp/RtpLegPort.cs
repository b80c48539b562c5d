using HotlineTelephony.Media.Codecs;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// A call leg as a media port: decodes the leg's received G.711 (PCMU or PCMA, by payload type) into 20 ms PCM
/// frames and encodes each frame it is given into one RTP packet. Packets of another ptime (10/30/40 ms) pass
/// through a small PCM FIFO, so every <see cref="ReadFrame"/> still yields exactly one 20 ms frame. Each
/// <see cref="ReadFrame"/> also ticks the session (RTP timeout, RTCP), so the media clock is the only timer.
/// </summary>
/// <remarks>
/// When a bridge holds nothing but two legs on the same codec it relays their packets session to session and
/// stops calling <see cref="ReadFrame"/> and <see cref="WriteFrame"/> (see <see cref="IRelayablePort"/>);
/// <see cref="DecodedPackets"/> and <see cref="EncodedFrames"/> then stand still.
/// </remarks>
public sealed class RtpLegPort : IRelayablePort
{
    public const byte PcmuPayloadType = 0;
    public const byte PcmaPayloadType = 8;

    private const int FifoCapacity = 2048;

    private readonly RtpSession _session;
    private readonly bool _concealLoss;
    private const int PacketScratchBytes = 1400;

    // One payload at a time, decoded at once: a scratch per thread (clock threads) instead of 1.4 KB per leg.
    [ThreadStatic]
    private static byte[]? t_packet;

    private readonly short[] _lastFrame = new short[MediaFormat.FrameSamples];

    // Allocated with the first audio received: a leg that never hears the far end (most calls that end during
    // set-up) costs nothing here.
    private short[]? _fifo;
    private int _fifoCount;
    private bool _hasLastFrame;
    private bool _concealed;

    /// <param name="name">For logs and tests.</param>
    /// <param name="session">The leg's RTP session, with its telephone-event payload type already set.</param>
    /// <param name="payloadType">The negotiated codec: 0 (PCMU) or 8 (PCMA).</param>
    /// <param name="concealLoss">On a missing packet, repeat the last frame once at half amplitude instead of giving silence.</param>
    public RtpLegPort(string name, RtpSession session, byte payloadType, bool concealLoss = true)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (payloadType is not (PcmuPayloadType or PcmaPayloadType))
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "Only PCMU (0) and PCMA (8) are supported.");
        }

        Name = name;
        _session = session;
        PayloadType = payloadType;
        _concealLoss = concealLoss;
    }

    public string Name { get; }

    public RtpSession Session => _session;

    public byte PayloadType { get; }

    /// <summary>Frames filled by loss concealment.</summary>
    public long ConcealedFrames { get; private set; }

    /// <summary>Ticks with nothing to play (returned false).</summary>
    public long EmptyFrames { get; private set; }

    /// <summary>Received packets run through the G.711 decoder.</summary>
    public long DecodedPackets { get; private set; }

    /// <summary>Frames run through the G.711 encoder and sent.</summary>
    public long EncodedFrames { get; private set; }

    /// <inheritdoc />
    public bool NeedsSamples => false;

    /// <inheritdoc />
    public void ResetDecoder()
    {
        _fifoCount = 0;
        _hasLastFrame = false;
        _concealed = false;
    }

    public bool ReadFrame(Span<short> frame)
    {
        _session.Tick();
        var packet = t_packet ??= new byte[PacketScratchBytes];
        while (_fifoCount < MediaFormat.FrameSamples)
        {
            int length = _session.DequeuePayload(packet, out byte payloadType, out _);
            if (length < 0)
            {
                break;
            }

            if (payloadType != PayloadType)
            {
                continue;
            }

            var fifo = _fifo ??= new short[FifoCapacity];
            length = Math.Min(length, FifoCapacity - _fifoCount);
            var into = fifo.AsSpan(_fifoCount, length);
            if (PayloadType == PcmuPayloadType)
            {
                G711.DecodeMuLaw(packet.AsSpan(0, length), into);
            }
            else
            {
                G711.DecodeALaw(packet.AsSpan(0, length), into);
            }

            _fifoCount += length;
            DecodedPackets++;
        }

        if (_fifoCount >= MediaFormat.FrameSamples && _fifo is { } buffered)
        {
            var out20 = buffered.AsSpan(0, MediaFormat.FrameSamples);
            out20.CopyTo(frame);
            out20.CopyTo(_lastFrame);
            _fifoCount -= MediaFormat.FrameSamples;
            buffered.AsSpan(MediaFormat.FrameSamples, _fifoCount).CopyTo(buffered);
            _hasLastFrame = true;
            _concealed = false;
            return true;
        }

        if (_concealLoss && _hasLastFrame && !_concealed)
        {
            // Simplest PLC: one repeat of the last frame at half amplitude, then silence.
            for (int i = 0; i < MediaFormat.FrameSamples; i++)
            {
                frame[i] = (short)(_lastFrame[i] >> 1);
            }

            _concealed = true;
            ConcealedFrames++;
            return true;
        }

        EmptyFrames++;
        return false;
    }

    public void WriteFrame(ReadOnlySpan<short> frame)
    {
        Span<byte> encoded = stackalloc byte[MediaFormat.FrameSamples];
        if (PayloadType == PcmuPayloadType)
        {
            G711.EncodeMuLaw(frame.Slice(0, MediaFormat.FrameSamples), encoded);
        }
        else
        {
            G711.EncodeALaw(frame.Slice(0, MediaFormat.FrameSamples), encoded);
        }

        _session.Send(encoded, PayloadType);
        EncodedFrames++;
    }

    /// <summary>The engine switched what this leg hears (prompt → agent → music): mark the next packet.</summary>
    public void SourceChanged() => _session.MarkSourceChange();
}
