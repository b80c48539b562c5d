using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Tests.Rtp;

public class RtpJitterRingTests
{
    private readonly RtpJitterRing _ring = new(256);
    private readonly byte[] _buffer = new byte[256];

    [Fact]
    public void DuplicateAndTooLatePacketsAreDropped()
    {
        Add(10);
        Add(10);
        Assert.Equal(10, Take());
        Add(10);
        Add(9);
        Assert.Equal(3, _ring.LateOrDuplicate);
        Assert.Equal(-1, Take());
    }

    [Fact]
    public void SequenceNumbersTakenByEventsAreSteppedOverWithoutWaiting()
    {
        Add(1);
        _ring.AddPlaceholder(2);
        _ring.AddPlaceholder(3);
        Add(4);
        Assert.Equal(1, Take());
        Assert.Equal(4, Take());
    }

    [Fact]
    public void BurstLongerThanTheRingGivesUpTheOldestPackets()
    {
        for (int seq = 100; seq < 110; seq++)
        {
            Add(seq);
        }

        Assert.Equal(2, _ring.Skipped);
        Assert.Equal(102, Take());
        Assert.Equal(7, _ring.Count);
    }

    [Fact]
    public void OrderIsKeptAcrossTheSequenceWrap()
    {
        Add(65535);
        Add(1);
        Add(0);
        Assert.Equal(65535 & 0xFF, Take());
        Assert.Equal(0, Take());
        Assert.Equal(1, Take());
    }

    [Fact]
    public void FarJumpResynchronisesInsteadOfDroppingEverything()
    {
        Add(5);
        Assert.Equal(5, Take());
        Add(30000);
        Assert.Equal(30000 & 0xFF, Take());
    }

    private void Add(int sequence) => _ring.Add((ushort)sequence, 0, false, 0, [(byte)sequence]);

    private int Take()
    {
        int length = _ring.Take(_buffer, out _, out _, out _);
        return length < 0 ? -1 : _buffer[0];
    }
}
