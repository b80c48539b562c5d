using BenchmarkDotNet.Attributes;
using HotlineTelephony.Media.Codecs;
using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Benchmarks;

/// <summary>
/// The per-packet work of a G.711 leg at 20 ms: parse the RTP header of a 172-byte datagram, decode its 160-byte
/// payload to PCM, and the reverse (encode 160 samples, write header + payload). Goal: nothing allocated.
/// </summary>
[MemoryDiagnoser]
public class RtpParseBenchmarks
{
    private readonly byte[] _datagram = new byte[RtpHeader.FixedSize + 160];
    private readonly byte[] _sendBuffer = new byte[RtpHeader.FixedSize + 160];
    private readonly byte[] _encoded = new byte[160];
    private readonly short[] _pcm = new short[160];
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = (short)(12000 * Math.Sin(2 * Math.PI * 1000 * i / 8000));
        }

        G711.EncodeMuLaw(_pcm, _encoded);
        RtpPacket.Write(_datagram, new RtpHeader(0, 4711, 160 * 4711, 0x5EED0001, marker: false), _encoded);
    }

    [Benchmark]
    public int ParseHeader()
    {
        RtpPacket.TryParse(_datagram, out var packet);
        return packet.Payload.Length + packet.Header.SequenceNumber;
    }

    [Benchmark]
    public short ParseAndDecodePcmu()
    {
        RtpPacket.TryParse(_datagram, out var packet);
        G711.DecodeMuLaw(packet.Payload, _pcm);
        return _pcm[80];
    }

    [Benchmark]
    public short ParseAndDecodePcma()
    {
        RtpPacket.TryParse(_datagram, out var packet);
        G711.DecodeALaw(packet.Payload, _pcm);
        return _pcm[80];
    }

    [Benchmark]
    public int EncodePcmuAndWrite()
    {
        G711.EncodeMuLaw(_pcm, _encoded);
        return RtpPacket.Write(_sendBuffer, new RtpHeader(0, _sequence++, 0, 0x5EED0001), _encoded);
    }
}
