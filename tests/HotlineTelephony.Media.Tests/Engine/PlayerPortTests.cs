using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Engine;

public class PlayerPortTests
{
    private const int Frame = MediaFormat.FrameSamples;

    [Fact]
    public async Task PlayerPlaysTheClipOnceThenRaisesFinishedOffTheClockThread()
    {
        var clip = Enumerable.Range(1, Frame + 40).Select(i => (short)i).ToArray();
        var player = new PlayerPort("prompt", clip);
        var finished = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        player.Finished += (_, _) => finished.TrySetResult(Environment.CurrentManagedThreadId);
        var frame = new short[Frame];

        Assert.True(player.ReadFrame(frame));
        Assert.Equal(1, frame[0]);
        Assert.False(player.IsFinished);
        Assert.True(player.ReadFrame(frame));
        Assert.Equal(Frame + 1, frame[0]);
        Assert.Equal(0, frame[40]);
        Assert.True(player.IsFinished);
        Assert.False(player.ReadFrame(frame));

        int threadId = await finished.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(Environment.CurrentManagedThreadId, threadId);
    }

    [Fact]
    public void LoopingPlayerWrapsAroundWithoutAGap()
    {
        short[] clip = [1, 2, 3];
        var player = new PlayerPort("moh", clip, loop: true);
        var frame = new short[Frame];

        player.ReadFrame(frame);
        player.ReadFrame(frame);

        // 160 samples in, the second frame starts one sample into the clip.
        Assert.Equal([2, 3, 1, 2], frame[..4]);
        Assert.False(player.IsFinished);
    }

    [Fact]
    public void RestartPlaysTheClipAgainFromTheStart()
    {
        var player = new PlayerPort("prompt", new short[] { 7, 8 });
        var frame = new short[Frame];
        player.ReadFrame(frame);
        Assert.True(player.IsFinished);

        player.Restart();

        Assert.True(player.ReadFrame(frame));
        Assert.Equal(7, frame[0]);
    }

    [Fact]
    public void PlayerIntoABridgeIsHeardByTheCaller()
    {
        using var clock = MediaClock.CreateManual();
        var bridge = new ConferenceBridge();
        clock.Add(bridge);
        var caller = FakePort.Constant("caller", 0);
        bridge.Connect(new PlayerPort("prompt", Enumerable.Repeat((short)900, 10 * Frame).ToArray()), caller);

        clock.Advance(2);

        Assert.All(caller.LastHeard, s => Assert.Equal(900, s));
    }

    [Fact]
    public void TonePortPlaysItsFrequencyAndFollowsItsCadence()
    {
        var tone = new TonePort("ringback", 450, on: TimeSpan.FromMilliseconds(40), off: TimeSpan.FromMilliseconds(20));
        var frame = new short[Frame];

        tone.ReadFrame(frame);
        Assert.InRange(Goertzel.Amplitude(frame, 450), 7500, 8500);
        tone.ReadFrame(frame);
        tone.ReadFrame(frame);
        Assert.All(frame, s => Assert.Equal(0, s));
        tone.ReadFrame(frame);
        Assert.InRange(Goertzel.Amplitude(frame, 450), 7500, 8500);
    }

    [Fact]
    public void SilencePortProducesNothing()
    {
        Assert.False(new SilencePort().ReadFrame(new short[Frame]));
    }
}
