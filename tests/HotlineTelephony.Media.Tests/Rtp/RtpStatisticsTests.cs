using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Tests.Rtp;

public class RtpStatisticsTests
{
    [Fact]
    public void GapInSequenceCountsAsLoss()
    {
        var stats = new RtpStatistics();
        for (int seq = 1; seq <= 20; seq++)
        {
            if (seq is 5 or 6)
            {
                continue;
            }

            stats.OnReceived((ushort)seq, (uint)(seq * 160), (uint)(seq * 160), 160);
        }

        // Probation takes the first packet; counting starts at the second (A.1), so 19 expected, 17 received.
        var snapshot = stats.Snapshot();
        Assert.Equal(19, snapshot.Expected);
        Assert.Equal(2, snapshot.Lost);
        Assert.Equal(2 * 100.0 / 19, snapshot.LossPercent, 6);
        Assert.Equal(18, snapshot.Packets);
    }

    [Fact]
    public void SequenceWrapAt65535AddsACycleWithoutLoss()
    {
        var stats = new RtpStatistics();
        ushort seq = 65530;
        for (int i = 0; i < 12; i++, seq++)
        {
            Assert.NotEqual(RtpSequenceVerdict.BadSequence, stats.OnReceived(seq, (uint)i * 160, (uint)i * 160, 160));
        }

        Assert.Equal(0x0001_0005u, stats.ExtendedHighestSequence);
        Assert.Equal(0, stats.Snapshot().Lost);
        Assert.Equal(11, stats.Snapshot().Expected);
    }

    [Fact]
    public void ConstantDelayStreamHasNoJitter()
    {
        var stats = new RtpStatistics();
        for (int i = 0; i < 200; i++)
        {
            stats.OnReceived((ushort)i, (uint)(i * 160), (uint)((i * 160) + 4000), 160);
        }

        Assert.Equal(0u, stats.Jitter);
        Assert.Equal(0.0, stats.Snapshot().JitterMilliseconds);
    }

    [Fact]
    public void StreamArrivingTenMillisecondsEarlyOrLateHasJitter()
    {
        var stats = new RtpStatistics();
        for (int i = 0; i < 500; i++)
        {
            int wobble = i % 2 == 0 ? 80 : -80;
            stats.OnReceived((ushort)i, (uint)(i * 160), (uint)((i * 160) + 4000 + wobble), 160);
        }

        // |D| = 160 units every packet, so J converges on 160 units = 20 ms.
        Assert.InRange(stats.Snapshot().JitterMilliseconds, 18, 20.5);
    }

    [Fact]
    public void DuplicatePacketIsCountedButNotReceivedTwice()
    {
        var stats = new RtpStatistics();
        for (int i = 0; i < 10; i++)
        {
            stats.OnReceived((ushort)i, 0, 0, 160);
        }

        Assert.Equal(RtpSequenceVerdict.Duplicate, stats.OnReceived(9, 0, 0, 160));
        Assert.Equal(RtpSequenceVerdict.Duplicate, stats.OnReceived(5, 0, 0, 160));
        var snapshot = stats.Snapshot();
        Assert.Equal(2, snapshot.Duplicates);
        Assert.Equal(0, snapshot.Lost);
        Assert.Equal(10, snapshot.Packets);
    }

    [Fact]
    public void ReorderedPacketFillsTheGapAndCountsAsOutOfOrder()
    {
        var stats = new RtpStatistics();
        foreach (int seq in new[] { 1, 2, 3, 5, 4, 6 })
        {
            stats.OnReceived((ushort)seq, 0, 0, 160);
        }

        var snapshot = stats.Snapshot();
        Assert.Equal(1, snapshot.OutOfOrder);
        Assert.Equal(0, snapshot.Lost);
    }

    [Fact]
    public void LargeJumpIsDiscardedUntilTheNextPacketConfirmsIt()
    {
        var stats = new RtpStatistics();
        for (int i = 0; i < 5; i++)
        {
            stats.OnReceived((ushort)i, 0, 0, 160);
        }

        Assert.Equal(RtpSequenceVerdict.BadSequence, stats.OnReceived(40000, 0, 0, 160));
        Assert.Equal(RtpSequenceVerdict.InOrder, stats.OnReceived(40001, 0, 0, 160));
        Assert.Equal(1, stats.Snapshot().Expected);
    }

    [Fact]
    public void ReportBlockCarriesFractionLostOfTheIntervalOnly()
    {
        var stats = new RtpStatistics();
        for (int seq = 0; seq <= 8; seq++)
        {
            if (seq != 4 && seq != 6)
            {
                stats.OnReceived((ushort)seq, 0, 0, 160);
            }
        }

        // After probation: base 1, highest 8 → 8 expected, 6 received → 2/8 lost = 64/256.
        var first = stats.CreateReportBlock(0x55, 0, 0);
        Assert.Equal(64, first.FractionLost);
        Assert.Equal(2, first.CumulativeLost);
        Assert.Equal(8u, first.ExtendedHighestSequence);

        for (int seq = 9; seq <= 12; seq++)
        {
            stats.OnReceived((ushort)seq, 0, 0, 160);
        }

        var second = stats.CreateReportBlock(0x55, 0, 0);
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(2, second.CumulativeLost);
    }
}
