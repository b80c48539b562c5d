using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// Collects what a caller says after the beep into a buffer sized for the longest message. The clock thread only
/// copies frames; the WAV file is written by whoever awaits the message, off the media path.
/// </summary>
internal sealed class VoiceMessageSink : IMediaPort
{
    private readonly short[] _samples;
    private int _count;

    public VoiceMessageSink(TimeSpan maxDuration)
    {
        _samples = new short[(int)(maxDuration.TotalSeconds * MediaFormat.SampleRate)];
    }

    public string Name => "voice-message";

    public int SampleCount => Volatile.Read(ref _count);

    public bool IsFull => SampleCount >= _samples.Length;

    public ReadOnlySpan<short> Samples => _samples.AsSpan(0, SampleCount);

    public bool ReadFrame(Span<short> frame) => false;

    public void WriteFrame(ReadOnlySpan<short> frame)
    {
        int take = Math.Min(frame.Length, _samples.Length - _count);
        frame[..take].CopyTo(_samples.AsSpan(_count));
        Volatile.Write(ref _count, _count + take);
    }
}
