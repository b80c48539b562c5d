namespace HotlineTelephony.Media.Engine;

/// <summary>
/// The one internal audio format: 8 kHz mono 16-bit linear PCM in 20 ms frames. Every port exchanges frames of
/// exactly <see cref="FrameSamples"/> samples on each tick of its media clock; codecs convert at the edges.
/// </summary>
public static class MediaFormat
{
    public const int SampleRate = 8000;

    public const int FrameMilliseconds = 20;

    public const int FrameSamples = SampleRate * FrameMilliseconds / 1000;

    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(FrameMilliseconds);
}
