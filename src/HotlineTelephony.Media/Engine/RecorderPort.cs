namespace HotlineTelephony.Media.Engine;

/// <summary>
/// A two-channel call recording: <see cref="Left"/> is the caller, <see cref="Right"/> everyone else (see
/// <see cref="ConferenceBridge.Record"/>). On the clock thread it only interleaves each tick's two frames into a
/// preallocated ring; the shared <see cref="RecordingWriter"/> thread moves the ring to the sink, flushes about once a
/// second and closes the sink after <see cref="Stop"/>. If the writer falls a whole ring behind, frames are dropped
/// and counted rather than blocking the media path.
/// </summary>
public sealed class RecorderPort
{
    private const int FrameSamples = MediaFormat.FrameSamples;
    private const int StereoFrame = FrameSamples * 2;

    // The ring is cut into segments of half a second (16 KB) so that no recording allocates on the large object heap:
    // one 160 KB ring per call made every call a trigger for a full background GC under load.
    private const int SegmentFrames = 25;

    private readonly RecordingWriter _writer;
    private readonly short[][] _ring;
    private readonly int _capacityFrames;
    private readonly short[] _left = new short[FrameSamples];
    private readonly short[] _right = new short[FrameSamples];
    private readonly List<string> _parties = [];
    private readonly TaskCompletionSource<RecordingInfo> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _leftPending;
    private bool _rightPending;
    private long _produced;
    private long _consumed;
    private long _dropped;
    private volatile bool _stopping;

    /// <param name="path">Reported in <see cref="RecordingInfo.Path"/>; the sink decides where audio really goes.</param>
    /// <param name="bufferFrames">Ring size in 20 ms frames; default 250 (5 s of writer stall).</param>
    public RecorderPort(RecordingWriter writer, IRecordingSink sink, string callId, string path, IEnumerable<string>? parties = null, int bufferFrames = 250)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferFrames, 2);
        _writer = writer;
        Sink = sink;
        CallId = callId;
        Path = path ?? string.Empty;
        StartedAt = writer.Time.GetUtcNow();
        _capacityFrames = bufferFrames;
        // Segments are allocated when the clock first reaches them: a call of a few seconds never needs the rest.
        _ring = new short[(bufferFrames + SegmentFrames - 1) / SegmentFrames][];
        if (parties is not null)
        {
            _parties.AddRange(parties);
        }

        Left = new RecorderChannelPort(this, left: true, "recorder " + callId + " caller");
        Right = new RecorderChannelPort(this, left: false, "recorder " + callId + " others");
        writer.Register(this);
    }

    /// <summary>Records into a WAV file at <see cref="RecordingOptions.GetPath"/>; the writer thread creates the day folder and the file.</summary>
    public static RecorderPort CreateWaveFile(RecordingWriter writer, RecordingOptions options, string callId, IEnumerable<string>? parties = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        string path = options.GetPath(callId, writer.Time.GetUtcNow());
        return new RecorderPort(writer, new WavRecordingSink(path), callId, path, parties);
    }

    /// <summary>The caller's channel: connect the caller to it.</summary>
    public IMediaPort Left { get; }

    /// <summary>The other parties' channel: connect everyone else to it (or let the bridge mirror the caller's mix).</summary>
    public IMediaPort Right { get; }

    public string CallId { get; }

    public string Path { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes with the recording's details once the sink is closed after <see cref="Stop"/>.</summary>
    public Task<RecordingInfo> Completion => _completion.Task;

    /// <summary>Frames handed to the sink so far.</summary>
    public long FramesWritten => Volatile.Read(ref _consumed);

    public long DroppedFrames => Volatile.Read(ref _dropped);

    internal IRecordingSink Sink { get; }

    /// <summary>The writer's bookkeeping for this recording (set when it registers).</summary>
    internal RecordingWriter.Entry? WriterEntry { get; set; }

    internal bool IsStopping => _stopping;

    /// <summary>Notes another party (an agent joining, a transfer target). Safe from any thread.</summary>
    public void AddParty(string party)
    {
        lock (_parties)
        {
            _parties.Add(party);
        }
    }

    /// <summary>Stops recording: later frames are ignored and the writer closes the sink on its next pass.</summary>
    public void Stop()
    {
        _stopping = true;
        _writer.OnStopped(this);
    }

    internal void OnChannelFrame(bool left, ReadOnlySpan<short> frame)
    {
        if (_stopping)
        {
            return;
        }

        // Each channel is written once per tick; a channel written twice means the other is not in a bridge.
        ref bool pending = ref left ? ref _leftPending : ref _rightPending;
        if (pending)
        {
            Commit();
        }

        frame.CopyTo(left ? _left : _right);
        pending = true;
        if (_leftPending && _rightPending)
        {
            Commit();
        }
    }

    /// <summary>Writer thread: hands everything buffered to the sink. Returns the number of frames moved.</summary>
    internal int Drain()
    {
        long produced = Volatile.Read(ref _produced);
        long consumed = _consumed;
        int frames = (int)(produced - consumed);
        int remaining = frames;
        while (remaining > 0)
        {
            int start = (int)(consumed % _capacityFrames);
            int offset = start % SegmentFrames;
            short[] segment = _ring[start / SegmentFrames];
            int run = Math.Min(remaining, (segment.Length / StereoFrame) - offset);
            Sink.Write(segment.AsSpan(offset * StereoFrame, run * StereoFrame));
            consumed += run;
            remaining -= run;
        }

        Volatile.Write(ref _consumed, consumed);
        return frames;
    }

    internal void Complete(Exception? error)
    {
        if (error is not null)
        {
            _completion.TrySetException(error);
            return;
        }

        string[] parties;
        lock (_parties)
        {
            parties = [.. _parties];
        }

        var duration = TimeSpan.FromMilliseconds(FramesWritten * (double)MediaFormat.FrameMilliseconds);
        _completion.TrySetResult(new RecordingInfo(CallId, Path, StartedAt, duration, parties, DroppedFrames));
    }

    private void Commit()
    {
        var left = _leftPending ? _left : default(ReadOnlySpan<short>);
        var right = _rightPending ? _right : default(ReadOnlySpan<short>);
        _leftPending = false;
        _rightPending = false;

        long produced = _produced;
        if (produced - Volatile.Read(ref _consumed) >= _capacityFrames)
        {
            Volatile.Write(ref _dropped, _dropped + 1);
            return;
        }

        int frame = (int)(produced % _capacityFrames);
        int index = frame / SegmentFrames;

        // Written before _produced is published below, so the writer thread always sees the segment it reads.
        var segment = _ring[index] ??= new short[Math.Min(SegmentFrames, _capacityFrames - (index * SegmentFrames)) * StereoFrame];
        var slot = segment.AsSpan((frame % SegmentFrames) * StereoFrame, StereoFrame);
        for (int i = 0; i < FrameSamples; i++)
        {
            slot[2 * i] = left.IsEmpty ? (short)0 : left[i];
            slot[(2 * i) + 1] = right.IsEmpty ? (short)0 : right[i];
        }

        Volatile.Write(ref _produced, produced + 1);
    }
}
