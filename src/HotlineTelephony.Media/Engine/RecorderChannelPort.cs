namespace HotlineTelephony.Media.Engine;

/// <summary>One channel of a <see cref="RecorderPort"/>: a sink-only port the bridge writes into.</summary>
internal sealed class RecorderChannelPort : IMediaPort
{
    private readonly RecorderPort _recorder;
    private readonly bool _left;

    public RecorderChannelPort(RecorderPort recorder, bool left, string name)
    {
        _recorder = recorder;
        _left = left;
        Name = name;
    }

    public string Name { get; }

    public bool ReadFrame(Span<short> frame) => false;

    public void WriteFrame(ReadOnlySpan<short> frame) => _recorder.OnChannelFrame(_left, frame);
}
