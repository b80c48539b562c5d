using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Engine;

internal sealed class MemorySink : IRecordingSink
{
    public List<short> Samples { get; } = [];

    public int Flushes { get; private set; }

    public bool Closed { get; private set; }

    public void Write(ReadOnlySpan<short> interleavedStereo) => Samples.AddRange(interleavedStereo);

    public void Flush() => Flushes++;

    public void Close() => Closed = true;
}
