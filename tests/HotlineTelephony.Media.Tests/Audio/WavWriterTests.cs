using System.Buffers.Binary;
using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Audio;

public sealed class WavWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wavwriter-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void MonoRoundTripIsSampleExact()
    {
        string path = Path.Combine(_folder, "mono.wav");
        short[] samples = Ramp(8000 * 3 + 17);

        using (var writer = new WavWriter(path))
        {
            for (int at = 0; at < samples.Length; at += MediaFormat.FrameSamples)
            {
                writer.Write(samples.AsSpan(at, Math.Min(MediaFormat.FrameSamples, samples.Length - at)));
            }

            Assert.Equal(samples.Length, writer.SampleFrames);
        }

        Assert.Equal(samples, WavFile.Read(path).Samples.ToArray());
        Assert.Equal(44 + (samples.Length * 2), new FileInfo(path).Length);
    }

    [Fact]
    public void StereoWritesInterleaveCallerLeftAndOtherPartiesRight()
    {
        string path = Path.Combine(_folder, "stereo.wav");
        short[] caller = Ramp(MediaFormat.FrameSamples * 50);
        short[] others = caller.Select(s => (short)~s).ToArray();

        using (var writer = new WavWriter(path, channels: 2))
        {
            for (int at = 0; at < caller.Length; at += MediaFormat.FrameSamples)
            {
                writer.WriteStereo(caller.AsSpan(at, MediaFormat.FrameSamples), others.AsSpan(at, MediaFormat.FrameSamples));
            }

            Assert.Equal(TimeSpan.FromSeconds(1), writer.Duration);
        }

        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(22)));
        Assert.Equal(32000u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(28)));
        Assert.Equal((uint)(caller.Length * 4), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(40)));
        Assert.Equal((uint)(file.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4)));
        for (int i = 0; i < caller.Length; i++)
        {
            Assert.Equal(caller[i], BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(44 + (i * 4))));
            Assert.Equal(others[i], BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(46 + (i * 4))));
        }
    }

    [Fact]
    public void HeaderIsWrittenAtCreationWithPlaceholderSizes()
    {
        string path = Path.Combine(_folder, "empty.wav");
        using var writer = new WavWriter(path);

        byte[] file = ReadShared(path);

        Assert.Equal(44, file.Length);
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(40)));
        Assert.Equal(0, WavFile.Read(path).SampleCount);
    }

    [Fact]
    public void FlushedAudioIsReadableWhileTheWriterIsStillOpen()
    {
        string path = Path.Combine(_folder, "open.wav");
        short[] samples = Ramp(MediaFormat.FrameSamples * 100);
        using var writer = new WavWriter(path, autoFlushInterval: TimeSpan.Zero);
        writer.Write(samples);

        writer.Flush();

        byte[] file = ReadShared(path);
        Assert.Equal((uint)(samples.Length * 2), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(40)));
        Assert.Equal(samples, WavFile.Parse(file, "open.wav").Samples.ToArray());
    }

    [Fact]
    public void AnAbandonedWriterLeavesThePatchedAudioPlayable()
    {
        string path = Path.Combine(_folder, "killed.wav");
        short[] flushed = Ramp(MediaFormat.FrameSamples * 75);
        short[] unflushed = Ramp(MediaFormat.FrameSamples * 3);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var writer = new WavWriter(stream, autoFlushInterval: TimeSpan.Zero);
        writer.Write(flushed);
        writer.Flush();
        writer.Write(unflushed);

        // Like kill -9: the writer is never disposed; only the OS closes the handle. Closing the raw handle (not the
        // FileStream, whose Dispose would flush its buffer) keeps the unflushed tail unwritten.
        stream.SafeFileHandle.Dispose();
        GC.SuppressFinalize(stream);

        byte[] file = File.ReadAllBytes(path);
        Assert.Equal((uint)(flushed.Length * 2), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(40)));
        Assert.Equal(flushed, WavFile.Parse(file, "killed.wav").Samples.ToArray());
        GC.KeepAlive(writer);
    }

    [Fact]
    public void PatchesTheHeaderAutomaticallyEveryIntervalOfAudio()
    {
        string path = Path.Combine(_folder, "auto.wav");
        using var writer = new WavWriter(path, autoFlushInterval: TimeSpan.FromSeconds(1));
        short[] frame = Ramp(MediaFormat.FrameSamples);

        for (int i = 0; i < 49; i++)
        {
            writer.Write(frame);
        }

        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(ReadShared(path).AsSpan(40)));

        writer.Write(frame);

        Assert.Equal(16000u, BinaryPrimitives.ReadUInt32LittleEndian(ReadShared(path).AsSpan(40)));
    }

    [Fact]
    public void RefusesStereoWritesOfUnpairedSamples()
    {
        using var mono = new WavWriter(new MemoryStream());
        using var stereo = new WavWriter(new MemoryStream(), channels: 2);

        Assert.Throws<InvalidOperationException>(() => mono.WriteStereo(new short[4], new short[4]));
        Assert.Throws<ArgumentException>(() => stereo.Write(new short[3]));
        Assert.Throws<ArgumentException>(() => stereo.WriteStereo(new short[4], new short[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WavWriter(new MemoryStream(), channels: 3));
    }

    [Fact]
    public void WritingAFrameAllocatesNothing()
    {
        using var writer = new WavWriter(new MemoryStream(capacity: 1 << 20), channels: 2, autoFlushInterval: TimeSpan.Zero);
        short[] frame = Ramp(MediaFormat.FrameSamples);
        writer.WriteStereo(frame, frame);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            writer.WriteStereo(frame, frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static short[] Ramp(int length)
    {
        var samples = new short[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = (short)((i * 7919) - 30000);
        }

        return samples;
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
