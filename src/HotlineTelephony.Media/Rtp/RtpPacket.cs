using System.Buffers.Binary;

namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// A parsed RTP datagram viewed in place: the header fields plus spans over the CSRC list, the header extension and
/// the payload (padding removed). Parsing never allocates and never throws; a malformed datagram yields its
/// <see cref="RtpParseStatus"/> so the receive loop can count and drop it.
/// </summary>
public readonly ref struct RtpPacket
{
    private RtpPacket(RtpHeader header, ReadOnlySpan<byte> csrcs, ushort extensionProfile, ReadOnlySpan<byte> extension, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Csrcs = csrcs;
        ExtensionProfile = extensionProfile;
        ExtensionData = extension;
        Payload = payload;
    }

    public RtpHeader Header { get; }

    /// <summary>The raw CSRC list, 4 bytes per contributing source.</summary>
    public ReadOnlySpan<byte> Csrcs { get; }

    /// <summary>The 16-bit "defined by profile" field of the header extension, 0 when there is none.</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>The header extension's data words (without its 4-byte header); empty when there is none.</summary>
    public ReadOnlySpan<byte> ExtensionData { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public static RtpParseStatus TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (datagram.Length < RtpHeader.FixedSize)
        {
            return RtpParseStatus.ShortHeader;
        }

        byte first = datagram[0];
        if ((first >> 6) != 2)
        {
            return RtpParseStatus.BadVersion;
        }

        int csrcCount = first & 0x0F;
        int offset = RtpHeader.FixedSize + (4 * csrcCount);
        if (offset > datagram.Length)
        {
            return RtpParseStatus.BadCsrcCount;
        }

        ReadOnlySpan<byte> csrcs = datagram.Slice(RtpHeader.FixedSize, 4 * csrcCount);
        bool extension = (first & 0x10) != 0;
        ushort profile = 0;
        ReadOnlySpan<byte> extensionData = default;
        if (extension)
        {
            if (datagram.Length - offset < 4)
            {
                return RtpParseStatus.BadExtension;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset));
            int extensionBytes = 4 * BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset + 2));
            offset += 4;
            if (extensionBytes > datagram.Length - offset)
            {
                return RtpParseStatus.BadExtension;
            }

            extensionData = datagram.Slice(offset, extensionBytes);
            offset += extensionBytes;
        }

        int end = datagram.Length;
        bool padding = (first & 0x20) != 0;
        if (padding)
        {
            int padCount = datagram[end - 1];
            if (padCount == 0 || padCount > end - offset)
            {
                return RtpParseStatus.BadPadding;
            }

            end -= padCount;
        }

        byte second = datagram[1];
        var header = new RtpHeader(
            (byte)(second & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(2)),
            BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(8)),
            (second & 0x80) != 0,
            padding,
            extension,
            csrcCount);
        packet = new RtpPacket(header, csrcs, profile, extensionData, datagram.Slice(offset, end - offset));
        return RtpParseStatus.Ok;
    }

    /// <summary>Writes a fixed header followed by <paramref name="payload"/>; returns the datagram length.</summary>
    public static int Write(Span<byte> destination, in RtpHeader header, ReadOnlySpan<byte> payload)
    {
        if (destination.Length < RtpHeader.FixedSize + payload.Length)
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(destination));
        }

        header.Write(destination);
        payload.CopyTo(destination.Slice(RtpHeader.FixedSize));
        return RtpHeader.FixedSize + payload.Length;
    }
}
