using HotlineTelephony.Media.Audio;

namespace HotlineTelephony.Media.Engine;

/// <summary>
/// A recording's two-channel WAV file, written by <see cref="WavWriter"/> (placeholder sizes first, patched on every
/// flush, so a file cut by <c>kill -9</c> stays playable). Nothing touches the disk until the first write, which
/// happens on the recording writer's thread, so answering a call never waits for the file system.
/// </summary>
internal sealed class WavRecordingSink : IRecordingSink
{
    private readonly string _path;
    private WavWriter? _writer;
    private bool _closed;

    public WavRecordingSink(string path) => _path = path;

    private WavWriter Writer => _writer ??= Open();

    public void Write(ReadOnlySpan<short> interleavedStereo) => Writer.Write(interleavedStereo);

    public void Flush()
    {
        if (!_closed)
        {
            Writer.Flush();
        }
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        Writer.Dispose();
    }

    private WavWriter Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);

        // CreateNew: a recording is evidence (ticket archive); never overwrite one silently.
        // Unbuffered: the writer hands over whole drains (up to 16 KB at a time), so a FileStream buffer would only
        // add a 64 KB allocation per call.
        var file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);

        // The recording writer decides when to flush; no automatic flushing inside the WAV writer.
        return new WavWriter(file, channels: 2, autoFlushInterval: TimeSpan.Zero);
    }
}
