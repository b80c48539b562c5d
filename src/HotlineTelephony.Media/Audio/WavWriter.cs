using System.Buffers;
using System.Buffers.Binary;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Audio;

/// <summary>
/// Streams 8 kHz PCM16 (mono, or stereo for recordings: caller on the left, the other parties on the right) to a WAV
/// file that stays playable if the process dies. The header is written first with 0xFFFFFFFF placeholder sizes and
/// patched by <see cref="Flush"/> (called automatically every <see cref="AutoFlushInterval"/> of audio) and by
/// <see cref="Dispose"/>, so after a <c>kill -9</c> the file holds a valid header describing the audio up to the last
/// patch, plus whatever followed it; <see cref="WavFile"/> also reads a never-patched file to its end.
/// </summary>
/// <remarks>
/// Writing allocates nothing per call: samples go through one reusable byte buffer into a buffered
/// <see cref="FileStream"/>. It is still synchronous file I/O, so a recorder on the media clock should hand frames to
/// its own writer thread rather than call this on the tick.
/// </remarks>
public sealed class WavWriter : IDisposable
{
    public const int HeaderBytes = 44;

    /// <summary>Audio written between automatic header patches unless the constructor says otherwise.</summary>
    public static readonly TimeSpan DefaultAutoFlushInterval = TimeSpan.FromSeconds(5);

    private const int ScratchSamples = 4096;
    private const uint UnknownSize = uint.MaxValue;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    // Rented: one WAV file per call made an 8 KB scratch array per call.
    private readonly byte[] _scratch = ArrayPool<byte>.Shared.Rent(ScratchSamples * 2);
    private readonly long _autoFlushSamples;
    private readonly long _headerOffset;
    private long _dataBytes;
    private long _samplesSinceFlush;
    private bool _disposed;

    /// <summary>Creates (or truncates) <paramref name="path"/> and writes the header.</summary>
    public WavWriter(string path, int channels = 1, TimeSpan? autoFlushInterval = null)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024), channels, autoFlushInterval, leaveOpen: false)
    {
        Path = path;
    }

    /// <summary>Writes to a seekable stream positioned where the WAV file starts (normally 0).</summary>
    public WavWriter(Stream stream, int channels = 1, TimeSpan? autoFlushInterval = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("WavWriter needs a writable, seekable stream to patch the header", nameof(stream));
        }

        if (channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "WavWriter writes mono or stereo");
        }

        TimeSpan interval = autoFlushInterval ?? DefaultAutoFlushInterval;
        if (interval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(autoFlushInterval), interval, "must not be negative (zero turns automatic flushing off)");
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        Channels = channels;
        AutoFlushInterval = interval;
        _autoFlushSamples = (long)(interval.TotalSeconds * MediaFormat.SampleRate);
        _headerOffset = stream.Position;
        WriteHeader(UnknownSize, UnknownSize);
    }

    /// <summary>The file path when created from one; null for a caller-supplied stream.</summary>
    public string? Path { get; }

    public int Channels { get; }

    /// <summary>Zero means the header is only patched by explicit <see cref="Flush"/> calls and <see cref="Dispose"/>.</summary>
    public TimeSpan AutoFlushInterval { get; }

    /// <summary>Sample frames written (one sample per channel each).</summary>
    public long SampleFrames => _dataBytes / (2 * Channels);

    public TimeSpan Duration => TimeSpan.FromTicks(SampleFrames * TimeSpan.TicksPerSecond / MediaFormat.SampleRate);

    /// <summary>Writes samples: mono samples, or interleaved left/right pairs for a stereo file.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (samples.Length % Channels != 0)
        {
            throw new ArgumentException($"a stereo write needs whole left/right pairs, got {samples.Length} samples", nameof(samples));
        }

        int frames = samples.Length / Channels;
        while (!samples.IsEmpty)
        {
            int count = Math.Min(samples.Length, ScratchSamples);
            Span<byte> bytes = _scratch.AsSpan(0, count * 2);
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.Slice(i * 2, 2), samples[i]);
            }

            _stream.Write(bytes);
            samples = samples[count..];
            _dataBytes += bytes.Length;
        }

        Advance(frames);
    }

    /// <summary>Interleaves one frame of each channel into a stereo file; both spans must be the same length.</summary>
    public void WriteStereo(ReadOnlySpan<short> left, ReadOnlySpan<short> right)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Channels != 2)
        {
            throw new InvalidOperationException("WriteStereo on a mono WavWriter");
        }

        if (left.Length != right.Length)
        {
            throw new ArgumentException($"left has {left.Length} samples but right has {right.Length}", nameof(right));
        }

        int frames = left.Length;
        while (!left.IsEmpty)
        {
            int count = Math.Min(left.Length, ScratchSamples / 2);
            Span<byte> bytes = _scratch.AsSpan(0, count * 4);
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.Slice(i * 4, 2), left[i]);
                BinaryPrimitives.WriteInt16LittleEndian(bytes.Slice((i * 4) + 2, 2), right[i]);
            }

            _stream.Write(bytes);
            left = left[count..];
            right = right[count..];
            _dataBytes += bytes.Length;
        }

        Advance(frames);
    }

    /// <summary>
    /// Pushes buffered audio to the operating system and patches the header sizes to cover it. That survives the
    /// process being killed; <paramref name="toDisk"/> also asks the OS to write through, which survives power loss
    /// but costs an fsync.
    /// </summary>
    public void Flush(bool toDisk = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PatchHeader();
        if (toDisk && _stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            PatchHeader();
        }
        finally
        {
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_scratch);
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void Advance(int sampleFrames)
    {
        _samplesSinceFlush += sampleFrames;
        if (_autoFlushSamples > 0 && _samplesSinceFlush >= _autoFlushSamples)
        {
            PatchHeader();
        }
    }

    private void PatchHeader()
    {
        long end = _stream.Position;

        // RIFF sizes are 32-bit: past 4 GB (37 hours of stereo) the placeholder stays and readers go to the end.
        uint dataSize = _dataBytes <= uint.MaxValue - HeaderBytes ? (uint)_dataBytes : UnknownSize;
        uint riffSize = dataSize == UnknownSize ? UnknownSize : dataSize + HeaderBytes - 8;

        // Audio first, then the sizes: a kill between the two leaves sizes that undercount, never overcount.
        _stream.Flush();
        Span<byte> size = stackalloc byte[4];
        _stream.Position = _headerOffset + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(size, riffSize);
        _stream.Write(size);
        _stream.Position = _headerOffset + 40;
        BinaryPrimitives.WriteUInt32LittleEndian(size, dataSize);
        _stream.Write(size);
        _stream.Position = end;
        _stream.Flush();
        _samplesSinceFlush = 0;
    }

    private void WriteHeader(uint riffSize, uint dataSize)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        int blockAlign = 2 * Channels;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], riffSize);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], MediaFormat.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(MediaFormat.SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataSize);
        _stream.Write(header);
        _stream.Flush();
    }
}
