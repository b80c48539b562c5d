using System.Buffers.Binary;

namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// The RTP fixed header fields (RFC 3550 §5.1). Version is always 2. <see cref="Write"/> emits the 12-byte fixed
/// header only: we never send CSRCs, header extensions or padding.
/// </summary>
public readonly struct RtpHeader
{
    public const int FixedSize = 12;

    public RtpHeader(byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
        : this(payloadType, sequenceNumber, timestamp, ssrc, marker, padding: false, extension: false, csrcCount: 0)
    {
    }

    internal RtpHeader(byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker, bool padding, bool extension, int csrcCount)
    {
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Marker = marker;
        Padding = padding;
        Extension = extension;
        CsrcCount = csrcCount;
    }

    /// <summary>7-bit payload type (0 PCMU, 8 PCMA, 13 CN, dynamic 96–127 for telephone-event).</summary>
    public byte PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    /// <summary>For audio: first packet of a talkspurt (RFC 3551 §4.1); for telephone-event: start of an event.</summary>
    public bool Marker { get; }

    public bool Padding { get; }

    public bool Extension { get; }

    public int CsrcCount { get; }

    /// <summary>Writes the 12-byte fixed header and returns <see cref="FixedSize"/>.</summary>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < FixedSize)
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(destination));
        }

        destination[0] = 0x80;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), Ssrc);
        return FixedSize;
    }
}
