using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace HotlineTelephony.Media.Engine;

/// <summary>
/// A minimal PCM16 stereo 8 kHz WAV file writer for recordings. Each <see cref="Flush"/> patches the RIFF and data
/// sizes, so a file cut off by a crash is still playable up to the last flush.
/// </summary>
internal sealed class WavRecordingSink : IRecordingSink
{
    private const int HeaderBytes = 44;
    private const int Channels = 2;

    private readonly FileStream _stream;
    private long _dataBytes;
    private bool _closed;

    public WavRecordingSink(string path)
    {
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        Span<byte> header = stackalloc byte[HeaderBytes];
        WriteHeader(header, 0);
        _stream.Write(header);
    }

    public void Write(ReadOnlySpan<short> interleavedStereo)
    {
        if (BitConverter.IsLittleEndian)
        {
            _stream.Write(MemoryMarshal.AsBytes(interleavedStereo));
        }
        else
        {
            Span<byte> pair = stackalloc byte[2];
            foreach (short sample in interleavedStereo)
            {
                BinaryPrimitives.WriteInt16LittleEndian(pair, sample);
                _stream.Write(pair);
            }
        }

        _dataBytes += interleavedStereo.Length * sizeof(short);
    }

    public void Flush()
    {
        if (_closed)
        {
            return;
        }

        long end = _stream.Position;
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)Math.Min(uint.MaxValue, _dataBytes + HeaderBytes - 8));
        _stream.Position = 4;
        _stream.Write(size);
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)Math.Min(uint.MaxValue, _dataBytes));
        _stream.Position = 40;
        _stream.Write(size);
        _stream.Position = end;
        _stream.Flush();
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        Flush();
        _closed = true;
        _stream.Dispose();
    }

    private static void WriteHeader(Span<byte> header, uint dataBytes)
    {
        const int blockAlign = Channels * sizeof(short);
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], dataBytes + HeaderBytes - 8);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], MediaFormat.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], MediaFormat.SampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataBytes);
    }
}
