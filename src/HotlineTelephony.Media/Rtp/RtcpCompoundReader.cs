using System.Buffers.Binary;

namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// Walks the packets of a compound RTCP datagram (RFC 3550 §6.1) without allocating. Lenient: it does not insist
/// that the compound starts with SR/RR or carries SDES, but it stops at the first packet whose version, length or
/// padding does not fit and sets <see cref="IsMalformed"/>; packets read before that stay valid.
/// </summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;

    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        IsMalformed = false;
    }

    public bool IsMalformed { get; private set; }

    public bool TryRead(out RtcpPacket packet)
    {
        packet = default;
        if (_remaining.IsEmpty || IsMalformed)
        {
            return false;
        }

        if (_remaining.Length < RtcpPacket.HeaderSize || (_remaining[0] >> 6) != 2)
        {
            IsMalformed = true;
            return false;
        }

        int length = (BinaryPrimitives.ReadUInt16BigEndian(_remaining.Slice(2)) + 1) * 4;
        if (length > _remaining.Length)
        {
            IsMalformed = true;
            return false;
        }

        var body = _remaining.Slice(RtcpPacket.HeaderSize, length - RtcpPacket.HeaderSize);
        if ((_remaining[0] & 0x20) != 0)
        {
            int pad = body.IsEmpty ? 0 : body[^1];
            if (pad == 0 || pad > body.Length)
            {
                IsMalformed = true;
                return false;
            }

            body = body.Slice(0, body.Length - pad);
        }

        packet = new RtcpPacket(_remaining[1], _remaining[0] & 0x1F, body);
        _remaining = _remaining.Slice(length);
        return true;
    }
}
