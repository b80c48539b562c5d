using System.Buffers.Binary;

namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// One RTCP packet of a compound datagram, viewed in place (read it with <see cref="RtcpCompoundReader"/>), plus the
/// static builders for the packets we send: SR, RR, SDES CNAME and BYE (RFC 3550 §6.4–6.6). Accessors are lenient:
/// they report only the report blocks, SSRCs and items that actually fit in the packet's declared length.
/// </summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderSize = 4;

    internal RtcpPacket(byte packetType, int count, ReadOnlySpan<byte> body)
    {
        PacketType = packetType;
        Count = count;
        Body = body;
    }

    /// <summary>The raw packet type byte; compare with <see cref="RtcpPacketType"/>.</summary>
    public byte PacketType { get; }

    public RtcpPacketType Type => (RtcpPacketType)PacketType;

    /// <summary>The 5-bit count field: report blocks (SR/RR), chunks (SDES), sources (BYE).</summary>
    public int Count { get; }

    /// <summary>Everything after the 4-byte header, padding removed.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>The sender SSRC of an SR/RR, the first SSRC of a BYE or SDES; 0 when the body is too short.</summary>
    public uint Ssrc => Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    public bool TryGetSenderInfo(out RtcpSenderInfo info)
    {
        if (Type != RtcpPacketType.SenderReport || Body.Length < 4 + RtcpSenderInfo.Size)
        {
            info = default;
            return false;
        }

        var s = Body.Slice(4);
        info = new RtcpSenderInfo(
            BinaryPrimitives.ReadUInt64BigEndian(s),
            BinaryPrimitives.ReadUInt32BigEndian(s.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(s.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(s.Slice(16)));
        return true;
    }

    /// <summary>Report blocks present in an SR or RR: the count field, capped by what fits in the body.</summary>
    public int ReportBlockCount
    {
        get
        {
            int start = ReportBlocksStart;
            return start < 0 || Body.Length < start ? 0 : Math.Min(Count, (Body.Length - start) / RtcpReportBlock.Size);
        }
    }

    public RtcpReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportBlockCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        var b = Body.Slice(ReportBlocksStart + (index * RtcpReportBlock.Size), RtcpReportBlock.Size);
        uint lostWord = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(4));
        int cumulative = (int)(lostWord << 8) >> 8;
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(b),
            (byte)(lostWord >> 24),
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(b.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(b.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(b.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(b.Slice(20)));
    }

    /// <summary>Sources named by a BYE: the count field, capped by what fits in the body.</summary>
    public int GoodbyeSourceCount => Type == RtcpPacketType.Goodbye ? Math.Min(Count, Body.Length / 4) : 0;

    public uint GetGoodbyeSource(int index)
    {
        if ((uint)index >= (uint)GoodbyeSourceCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(Body.Slice(index * 4));
    }

    /// <summary>The CNAME item of the first SDES chunk, if one is present and lies within the packet.</summary>
    public bool TryGetCname(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (Type != RtcpPacketType.SourceDescription || Count == 0 || Body.Length < 4)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(Body);
        var items = Body.Slice(4);
        while (items.Length >= 2 && items[0] != 0)
        {
            int length = items[1];
            if (2 + length > items.Length)
            {
                return false;
            }

            if (items[0] == 1)
            {
                cname = items.Slice(2, length);
                return true;
            }

            items = items.Slice(2 + length);
        }

        return false;
    }

    private int ReportBlocksStart => Type switch
    {
        RtcpPacketType.SenderReport => 4 + RtcpSenderInfo.Size,
        RtcpPacketType.ReceiverReport => 4,
        _ => -1,
    };

    /// <summary>Writes an SR with up to 31 report blocks; returns its length.</summary>
    public static int WriteSenderReport(Span<byte> destination, uint ssrc, in RtcpSenderInfo info, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = HeaderSize + 4 + RtcpSenderInfo.Size + (blocks.Length * RtcpReportBlock.Size);
        CheckReport(destination, length, blocks.Length);
        WriteHeader(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), info.OctetCount);
        WriteBlocks(destination.Slice(28), blocks);
        return length;
    }

    /// <summary>Writes an RR with up to 31 report blocks; returns its length.</summary>
    public static int WriteReceiverReport(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = HeaderSize + 4 + (blocks.Length * RtcpReportBlock.Size);
        CheckReport(destination, length, blocks.Length);
        WriteHeader(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        WriteBlocks(destination.Slice(8), blocks);
        return length;
    }

    /// <summary>Writes an SDES packet with one chunk holding one CNAME item (required in every compound, §6.5.1).</summary>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        if (cname.Length > 255)
        {
            ThrowHelper.ThrowArgument("A CNAME is at most 255 bytes.", nameof(cname));
        }

        // Chunk: SSRC, CNAME item, then at least one zero byte ending the item list, padded to a 32-bit boundary.
        int chunk = 4 + 2 + cname.Length + 1;
        chunk = (chunk + 3) & ~3;
        int length = HeaderSize + chunk;
        if (destination.Length < length)
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(destination));
        }

        WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        destination[8] = 1;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination.Slice(10));
        destination.Slice(10 + cname.Length, length - 10 - cname.Length).Clear();
        return length;
    }

    /// <summary>Writes a BYE for one source, without a reason.</summary>
    public static int WriteGoodbye(Span<byte> destination, uint ssrc)
    {
        const int length = HeaderSize + 4;
        if (destination.Length < length)
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(destination));
        }

        WriteHeader(destination, 1, RtcpPacketType.Goodbye, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        return length;
    }

    private static void CheckReport(Span<byte> destination, int length, int blockCount)
    {
        if (blockCount > 31)
        {
            ThrowHelper.ThrowArgument("An RTCP report carries at most 31 report blocks.", "blocks");
        }

        if (destination.Length < length)
        {
            ThrowHelper.ThrowDestinationTooSmall(nameof(destination));
        }
    }

    private static void WriteHeader(Span<byte> destination, int count, RtcpPacketType type, int length)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)((length / 4) - 1));
    }

    private static void WriteBlocks(Span<byte> destination, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            ref readonly var block = ref blocks[i];
            var b = destination.Slice(i * RtcpReportBlock.Size);
            int lost = Math.Clamp(block.CumulativeLost, -0x80_0000, 0x7F_FFFF);
            BinaryPrimitives.WriteUInt32BigEndian(b, block.Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(b.Slice(4), ((uint)block.FractionLost << 24) | ((uint)lost & 0xFF_FFFF));
            BinaryPrimitives.WriteUInt32BigEndian(b.Slice(8), block.ExtendedHighestSequence);
            BinaryPrimitives.WriteUInt32BigEndian(b.Slice(12), block.Jitter);
            BinaryPrimitives.WriteUInt32BigEndian(b.Slice(16), block.LastSenderReport);
            BinaryPrimitives.WriteUInt32BigEndian(b.Slice(20), block.DelaySinceLastSenderReport);
        }
    }
}
