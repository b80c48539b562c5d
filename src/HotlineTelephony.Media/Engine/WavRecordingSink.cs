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

    private readonly string _path;
    private FileStream? _file;
    private long _dataBytes;
    private bool _closed;

    /// <summary>
    /// Nothing touches the disk here: the folder and file are created on the first write, which happens on the
    /// recording writer's thread, so answering a call never waits for the file system.
    /// </summary>
    public WavRecordingSink(string path) => _path = path;

    private FileStream Output => _file ??= Open();

    private FileStream Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        var file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        Span<byte> header = stackalloc byte[HeaderBytes];
        WriteHeader(header, 0);
        file.Write(header);
        return file;
    }

    public void Write(ReadOnlySpan<short> interleavedStereo)
    {
        if (BitConverter.IsLittleEndian)
        {
            Output.Write(MemoryMarshal.AsBytes(interleavedStereo));
        }
        else
        {
            Span<byte> pair = stackalloc byte[2];
            foreach (short sample in interleavedStereo)
            {
                BinaryPrimitives.WriteInt16LittleEndian(pair, sample);
                Output.Write(pair);
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

        long end = Output.Position;
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)Math.Min(uint.MaxValue, _dataBytes + HeaderBytes - 8));
        Output.Position = 4;
        Output.Write(size);
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)Math.Min(uint.MaxValue, _dataBytes));
        Output.Position = 40;
        Output.Write(size);
        Output.Position = end;
        Output.Flush();
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        Flush();
        _closed = true;
        Output.Dispose();
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
