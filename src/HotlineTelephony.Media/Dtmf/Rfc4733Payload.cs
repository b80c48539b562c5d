using System.Buffers.Binary;

namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// The 4-byte telephone-event payload of RFC 4733 §2.3: event (8 bits), E (end) bit, R bit, volume (6 bits, 0 to
/// -63 dBm0), duration (16 bits, in RTP timestamp units since the event's timestamp).
/// </summary>
public readonly record struct Rfc4733Payload(byte EventCode, bool End, byte Volume, ushort Duration)
{
    public const int Length = 4;

    private const byte EndBit = 0x80;
    private const byte VolumeMask = 0x3F;

    /// <summary>Reads the first 4 bytes; longer payloads (RFC 2198 redundancy is not negotiated) are not an error.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Rfc4733Payload value)
    {
        if (payload.Length < Length)
        {
            value = default;
            return false;
        }

        value = new Rfc4733Payload(
            payload[0],
            (payload[1] & EndBit) != 0,
            (byte)(payload[1] & VolumeMask),
            BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(2)));
        return true;
    }

    /// <summary>Writes the payload into the first 4 bytes of <paramref name="destination"/>; returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            ThrowDestinationTooShort();
        }

        destination[0] = EventCode;
        destination[1] = (byte)((End ? EndBit : 0) | (Volume & VolumeMask));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), Duration);
        return Length;
    }

    private static void ThrowDestinationTooShort() =>
        throw new ArgumentException("A telephone-event payload needs 4 bytes.", "destination");
}
