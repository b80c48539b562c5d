using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Engine;

internal sealed class CountingTickable : IMediaTickable
{
    public List<long> Indexes { get; } = [];

    public bool Throw { get; set; }

    public int Count => Indexes.Count;

    public void Tick(long tickIndex)
    {
        Indexes.Add(tickIndex);
        if (Throw)
        {
            throw new InvalidOperationException("broken bridge");
        }
    }
}
