using HotlineTelephony.Media.Engine;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Media.Tests.Engine;

public sealed class RecorderPortTests : IDisposable
{
    private const int Frame = MediaFormat.FrameSamples;

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero));
    private readonly MediaClock _clock = MediaClock.CreateManual();
    private readonly ConferenceBridge _bridge = new();
    private readonly RecordingWriter _writer;
    private readonly RecordingOptions _options;

    public RecorderPortTests()
    {
        _clock.Add(_bridge);
        _writer = new RecordingWriter(_time, start: false);
        _options = new RecordingOptions { Folder = _folder.Path };
    }

    [Fact]
    public async Task RecorderPutsTheCallerOnTheLeftAndEveryoneElseOnTheRight()
    {
        var caller = FakePort.Constant("caller", 1000);
        var agent = FakePort.Constant("agent", 2000);
        var supervisor = FakePort.Constant("supervisor", 4000);
        var recorder = RecorderPort.CreateWaveFile(_writer, _options, "call-1", ["13800000000", "agent 1001"]);
        _bridge.Conference(caller, agent, supervisor);
        _bridge.Record(caller, recorder);

        _clock.Advance(10);
        recorder.Stop();
        _writer.DrainOnce();
        var info = await recorder.Completion;

        var wav = WavFile.Read(info.Path);
        Assert.Equal((2, 8000, 16), (wav.Channels, wav.SampleRate, wav.BitsPerSample));
        Assert.Equal(10 * Frame * 2, wav.Samples.Length);
        for (int i = Frame; i < 10 * Frame; i++)
        {
            Assert.Equal(1000, wav.Left(i));
            Assert.Equal(6000, wav.Right(i));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(200), info.Duration);
        Assert.Equal(["13800000000", "agent 1001"], info.Parties);
        Assert.Equal(0, info.DroppedFrames);
    }

    [Fact]
    public async Task RecordingFollowsTheCallerThroughATransfer()
    {
        var caller = FakePort.Constant("caller", 1000);
        var first = FakePort.Constant("agent 1001", 2000);
        var second = FakePort.Constant("agent 1002", 3000);
        var sink = new MemorySink();
        var recorder = new RecorderPort(_writer, sink, "call-2", "");
        _bridge.Bridge(caller, first);
        _bridge.Record(caller, recorder);
        _clock.Advance(2);

        _bridge.Replace(first, second);
        recorder.AddParty("agent 1002");
        _clock.Advance(2);
        recorder.Stop();
        _writer.DrainOnce();
        var info = await recorder.Completion;

        Assert.Equal(3000, sink.Samples[^1]);
        Assert.Equal(1000, sink.Samples[^2]);
        Assert.Equal(["agent 1002"], info.Parties);
        Assert.True(sink.Closed);
    }

    [Fact]
    public void RecorderFlushesAboutOnceASecondSoTheFileIsPlayableBeforeClose()
    {
        var caller = FakePort.Constant("caller", 1000);
        var agent = FakePort.Constant("agent", 2000);
        var recorder = RecorderPort.CreateWaveFile(_writer, _options, "call-3");
        _bridge.Bridge(caller, agent);
        _bridge.Record(caller, recorder);

        _clock.Advance(30);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        _writer.DrainOnce();
        _clock.Advance(30);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        _writer.DrainOnce();

        // As if the process were killed now: the header already covers everything written.
        var wav = WavFile.Read(recorder.Path);
        Assert.Equal(60 * Frame * 2, wav.Samples.Length);
        Assert.Equal((uint)(36 + (wav.Samples.Length * 2)), wav.RiffSize);
        Assert.Equal(1000, wav.Left(59 * Frame));
        Assert.Equal(1, _writer.ActiveCount);
        recorder.Stop();
        _writer.DrainOnce();
        Assert.Equal(0, _writer.ActiveCount);
    }

    [Fact]
    public void SinkIsNotFlushedBeforeTheFlushInterval()
    {
        var sink = new MemorySink();
        var recorder = new RecorderPort(_writer, sink, "call-4", "");
        _bridge.Record(FakePort.Constant("caller", 1), recorder);

        _clock.Advance(10);
        _time.Advance(TimeSpan.FromMilliseconds(900));
        _writer.DrainOnce();
        Assert.Equal(0, sink.Flushes);
        Assert.Equal(10 * Frame * 2, sink.Samples.Count);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        _writer.DrainOnce();
        Assert.Equal(1, sink.Flushes);
    }

    [Fact]
    public void RecorderDropsFramesInsteadOfBlockingWhenTheWriterFallsBehind()
    {
        var sink = new MemorySink();
        var recorder = new RecorderPort(_writer, sink, "call-5", "", bufferFrames: 4);
        _bridge.Record(FakePort.Constant("caller", 1), recorder);

        _clock.Advance(10);
        _writer.DrainOnce();

        Assert.Equal(6, recorder.DroppedFrames);
        Assert.Equal(4 * Frame * 2, sink.Samples.Count);
    }

    [Fact]
    public void AudioCrossesRingSegmentsAndWrapsInOrder()
    {
        // 60 frames: segments of 25, 25 and 10, drained every 40 frames so that runs start and end mid-segment and wrap.
        var small = new MemorySink();
        var large = new MemorySink();
        var caller = FakePort.Sine("caller", 400);
        var wrapping = new RecorderPort(_writer, small, "call-7", "", bufferFrames: 60);
        var reference = new RecorderPort(_writer, large, "call-8", "", bufferFrames: 2000);
        _bridge.Bridge(caller, FakePort.Sine("agent", 1000));
        _bridge.Record(caller, wrapping);
        _bridge.Record(caller, reference);

        for (int i = 0; i < 9; i++)
        {
            _clock.Advance(40);
            _writer.DrainOnce();
        }

        Assert.Equal(0, wrapping.DroppedFrames);
        Assert.Equal(360 * Frame * 2, small.Samples.Count);
        Assert.Equal(large.Samples, small.Samples);
    }

    [Fact]
    public void RecorderTicksAllocateNothing()
    {
        var sink = new MemorySink();
        var recorder = new RecorderPort(_writer, sink, "call-6", "", bufferFrames: 2000);
        var caller = FakePort.Sine("caller", 400);
        _bridge.Bridge(caller, FakePort.Sine("agent", 1000));
        _bridge.Record(caller, recorder);

        // The first lap allocates the ring's segments as it reaches them; from then on a tick allocates nothing.
        _clock.Advance(2000);
        _writer.DrainOnce();

        long before = GC.GetAllocatedBytesForCurrentThread();
        _clock.Advance(1000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AShortRecordingAllocatesOnlyTheRingSegmentItReached()
    {
        // A 5 s ring is 160 KB; a call of a fraction of a second (most abandoned and mis-dialled calls) needs one
        // 16 KB segment of it. Allocating the whole ring per call was most of the server's garbage under load.
        var caller = FakePort.Constant("caller", 1000);
        _bridge.Bridge(caller, FakePort.Constant("agent", 2000));
        _clock.Advance(1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var recorder = new RecorderPort(_writer, new MemorySink(), "call-9", "", bufferFrames: 250);
        _bridge.Record(caller, recorder);
        _clock.Advance(10);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 16_000, 24 * 1024);
    }

    [Fact]
    public async Task AStoppedRecordingIsClosedWithoutWaitingForTheNextPassOverTheOthers()
    {
        using var writer = new RecordingWriter(TimeProvider.System, drainInterval: TimeSpan.FromMinutes(10));
        var caller = FakePort.Constant("caller", 1000);
        _bridge.Bridge(caller, FakePort.Constant("agent", 2000));
        var others = new MemorySink();
        var other = new RecorderPort(writer, others, "call-10", "");
        var stoppedSink = new MemorySink();
        var stopped = new RecorderPort(writer, stoppedSink, "call-11", "");
        _bridge.Record(caller, other);
        _bridge.Record(caller, stopped);
        _clock.Advance(5);

        stopped.Stop();
        var info = await stopped.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5 * Frame * 2, stoppedSink.Samples.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(100), info.Duration);
        Assert.Empty(others.Samples);
        Assert.Equal(1, writer.ActiveCount);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _clock.Dispose();
        _folder.Dispose();
    }
}
