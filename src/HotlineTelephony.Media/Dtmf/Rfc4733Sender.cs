namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// Produces the RFC 4733 packet train for one digit, one packet per call of <see cref="TryWriteNext"/> (the RTP
/// session calls it on its 20 ms tick instead of sending audio): a first packet with the marker bit, updates with
/// the same timestamp and growing duration, then the end packet sent three times (§2.5.1.4) with the final duration.
/// For the default 100 ms at 8 kHz: durations 160 (M), 320, 480, 640, then 800 (E) ×3.
/// </summary>
/// <remarks>Payloads are written into caller-owned spans; nothing is allocated per packet.</remarks>
public sealed class Rfc4733Sender
{
    public const int DefaultDurationMilliseconds = 100;
    public const byte DefaultVolume = 10;
    public const int EndPacketCount = 3;

    private readonly int _unitsPerPacket;
    private readonly int _unitsPerMillisecond;
    private readonly byte _volume;

    private byte _eventCode;
    private int _updatePackets;
    private int _finalDuration;
    private int _sent;
    private int _total;

    public Rfc4733Sender(int clockRate = 8000, int packetMilliseconds = 20, byte volume = DefaultVolume)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(packetMilliseconds, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, (byte)63);
        _unitsPerMillisecond = clockRate / 1000;
        _unitsPerPacket = _unitsPerMillisecond * packetMilliseconds;
        _volume = volume;
    }

    /// <summary>True while packets of the current digit remain to be written.</summary>
    public bool IsSending => _sent < _total;

    /// <summary>
    /// Starts a digit; the previous one, if unfinished, is abandoned (call <see cref="IsSending"/> first to queue).
    /// The duration is clamped to what a single 16-bit segment can express.
    /// </summary>
    public void Start(char digit, int durationMilliseconds = DefaultDurationMilliseconds)
    {
        if (!DtmfDigit.TryToEventCode(digit, out _eventCode))
        {
            ThrowNotADigit(digit);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(durationMilliseconds, 1);
        int units = Math.Min(durationMilliseconds * _unitsPerMillisecond, ushort.MaxValue);

        // Updates run until the next one would reach the final duration; the end packets carry the final duration.
        int packets = (units + _unitsPerPacket - 1) / _unitsPerPacket;
        _updatePackets = packets - 1;
        _finalDuration = units;
        _sent = 0;
        _total = _updatePackets + EndPacketCount;
    }

    /// <summary>
    /// Writes the next payload (4 bytes) into <paramref name="payload"/>. Returns false when the digit is complete.
    /// </summary>
    public bool TryWriteNext(Span<byte> payload, out Rfc4733Packet packet)
    {
        if (_sent >= _total)
        {
            packet = default;
            return false;
        }

        bool end = _sent >= _updatePackets;
        ushort duration = (ushort)(end ? _finalDuration : (_sent + 1) * _unitsPerPacket);
        new Rfc4733Payload(_eventCode, end, _volume, duration).WriteTo(payload);
        packet = new Rfc4733Packet(Marker: _sent == 0, SameTimestamp: _sent != 0, End: end, Duration: duration);
        _sent++;
        return true;
    }

    /// <summary>Stops the current digit without sending its end packets (call torn down).</summary>
    public void Cancel() => _sent = _total;

    private static void ThrowNotADigit(char digit) =>
        throw new ArgumentException($"'{digit}' is not a DTMF digit (0-9, *, #, A-D).", nameof(digit));
}
