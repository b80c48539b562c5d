namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// Statistics for one direction of one RTP stream. The receive side follows RFC 3550 Appendix A: sequence
/// validation with probation and wrap-around (A.1), expected/lost (A.3) and interarrival jitter (A.8); on top of
/// that a 64-packet window tells duplicates from reordered packets. The send side only counts packets and bytes.
/// Not thread-safe: the owning session serialises calls.
/// </summary>
public sealed class RtpStatistics
{
    private const int MinSequential = 2;
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulo = 1 << 16;

    private readonly int _clockRate;
    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _badSequence = SequenceModulo + 1;
    private int _probation;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private ulong _window;
    private bool _hasTransit;
    private int _transit;
    private uint _jitterQ4;
    private long _packets;
    private long _bytes;
    private long _duplicates;
    private long _outOfOrder;

    public RtpStatistics(int clockRate = 8000)
    {
        _clockRate = clockRate;
    }

    public long Packets => _packets;

    public long Bytes => _bytes;

    /// <summary>Packets received and counted by A.1 (duplicates excluded).</summary>
    public long Received => _received;

    public long Duplicates => _duplicates;

    public long OutOfOrder => _outOfOrder;

    /// <summary>Cycles in the high 16 bits, highest sequence in the low 16 (the report block field).</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSequence;

    public long Expected => _started ? (long)ExtendedHighestSequence - _baseSequence + 1 : 0;

    public long CumulativeLost => Expected - _received;

    /// <summary>Interarrival jitter in timestamp units, as sent in report blocks.</summary>
    public uint Jitter => _jitterQ4 >> 4;

    public double JitterMilliseconds => _jitterQ4 / 16.0 * 1000.0 / _clockRate;

    /// <summary>Counts one sent packet.</summary>
    public void OnSent(int payloadBytes)
    {
        _packets++;
        _bytes += payloadBytes;
    }

    /// <summary>
    /// Accounts for one received packet. <paramref name="arrival"/> is the arrival time in timestamp units on any
    /// fixed origin; only differences matter.
    /// </summary>
    public RtpSequenceVerdict OnReceived(ushort sequence, uint timestamp, uint arrival, int payloadBytes)
    {
        var verdict = UpdateSequence(sequence);
        if (verdict is RtpSequenceVerdict.Duplicate or RtpSequenceVerdict.BadSequence)
        {
            if (verdict == RtpSequenceVerdict.Duplicate)
            {
                _duplicates++;
            }

            return verdict;
        }

        _packets++;
        _bytes += payloadBytes;

        // A.8: J += (|D(i-1,i)| - J) / 16, kept scaled by 16 in an integer as the RFC's sample code does.
        int transit = (int)(arrival - timestamp);
        if (_hasTransit)
        {
            int d = transit - _transit;
            if (d < 0)
            {
                d = -d;
            }

            _jitterQ4 = (uint)(_jitterQ4 + d - ((_jitterQ4 + 8) >> 4));
        }

        _transit = transit;
        _hasTransit = true;
        return verdict;
    }

    /// <summary>Forgets the sequence state (new SSRC): the next packets go through probation again.</summary>
    public void RestartSource()
    {
        _started = false;
        _probation = MinSequential;
        _hasTransit = false;
        _badSequence = SequenceModulo + 1;
    }

    /// <summary>Builds a report block on this stream and starts a new fraction-lost interval (A.3).</summary>
    public RtcpReportBlock CreateReportBlock(uint sourceSsrc, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        long expected = Expected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        long cumulative = Math.Clamp(CumulativeLost, -0x80_0000, 0x7F_FFFF);
        return new RtcpReportBlock(sourceSsrc, fraction, (int)cumulative, ExtendedHighestSequence, Jitter, lastSenderReport, delaySinceLastSenderReport);
    }

    public RtpStatisticsSnapshot Snapshot()
    {
        long expected = Expected;
        long lost = Math.Max(0, expected - _received);
        double percent = expected > 0 ? lost * 100.0 / expected : 0;
        return new RtpStatisticsSnapshot(_packets, _bytes, expected, lost, percent, JitterMilliseconds, _duplicates, _outOfOrder);
    }

    private RtpSequenceVerdict UpdateSequence(ushort sequence)
    {
        if (!_started && _probation == 0)
        {
            // First packet ever: start probation (A.1 init with max_seq = seq - 1).
            _maxSequence = (ushort)(sequence - 1);
            _probation = MinSequential;
        }

        ushort delta = (ushort)(sequence - _maxSequence);
        if (_probation > 0)
        {
            if (sequence == (ushort)(_maxSequence + 1))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    InitSequence(sequence);
                    _received++;
                    return RtpSequenceVerdict.InOrder;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSequence = sequence;
            }

            return RtpSequenceVerdict.Probation;
        }

        if (delta == 0)
        {
            return RtpSequenceVerdict.Duplicate;
        }

        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulo;
            }

            _maxSequence = sequence;
            _window = delta >= 64 ? 1UL : (_window << delta) | 1UL;
            _received++;
            return RtpSequenceVerdict.InOrder;
        }

        if (delta <= SequenceModulo - MaxMisorder)
        {
            if (sequence == _badSequence)
            {
                // Two sequential packets after a big jump: the source restarted without telling us.
                InitSequence(sequence);
                _received++;
                return RtpSequenceVerdict.InOrder;
            }

            _badSequence = (uint)((sequence + 1) & (SequenceModulo - 1));
            return RtpSequenceVerdict.BadSequence;
        }

        // Older than max_seq by fewer than MaxMisorder: duplicate or reordered.
        int back = (ushort)(_maxSequence - sequence);
        if (back < 64)
        {
            ulong bit = 1UL << back;
            if ((_window & bit) != 0)
            {
                return RtpSequenceVerdict.Duplicate;
            }

            _window |= bit;
        }

        _outOfOrder++;
        _received++;
        return RtpSequenceVerdict.Reordered;
    }

    private void InitSequence(ushort sequence)
    {
        _started = true;
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
        _window = 1;
    }
}
