namespace HotlineTelephony.Media.Engine;

/// <summary>
/// Where a <see cref="RecorderPort"/> puts its audio: 8 kHz PCM16, two channels interleaved (left = caller,
/// right = everyone else). Called only from the <see cref="RecordingWriter"/> thread, never from a clock thread,
/// so it may block on disk.
/// </summary>
public interface IRecordingSink
{
    void Write(ReadOnlySpan<short> interleavedStereo);

    /// <summary>Makes everything written so far durable and readable (for a WAV file: patch the header sizes).</summary>
    void Flush();

    void Close();
}
