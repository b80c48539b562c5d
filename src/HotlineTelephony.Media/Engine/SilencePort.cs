namespace HotlineTelephony.Media.Engine;

/// <summary>A port that produces nothing and discards what it hears: a placeholder slot, or a sink for unused output.</summary>
public sealed class SilencePort : IMediaPort
{
    public SilencePort(string name = "silence") => Name = name;

    public string Name { get; }

    public bool ReadFrame(Span<short> frame) => false;

    public void WriteFrame(ReadOnlySpan<short> frame)
    {
    }
}
