using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Tests.Engine;

public class ConferenceBridgeTests
{
    private const int Frame = MediaFormat.FrameSamples;

    private readonly MediaClock _clock = MediaClock.CreateManual();
    private readonly ConferenceBridge _bridge = new();

    public ConferenceBridgeTests() => _clock.Add(_bridge);

    [Fact]
    public void TwoPartyBridgeLetsEachSideHearTheOther()
    {
        var caller = FakePort.Constant("caller", 1000);
        var agent = FakePort.Constant("agent", 2000);
        _bridge.Bridge(caller, agent);

        _clock.Advance(2);

        Assert.All(caller.LastHeard, s => Assert.Equal(2000, s));
        Assert.All(agent.LastHeard, s => Assert.Equal(1000, s));
    }

    [Fact]
    public void ThreePartyConferenceGivesEachPartyTheSumOfTheOtherTwo()
    {
        var a = FakePort.Constant("a", 100);
        var b = FakePort.Constant("b", 1000);
        var c = FakePort.Constant("c", 10000);
        _bridge.Conference(a, b, c);

        _clock.Advance(2);

        Assert.All(a.LastHeard, s => Assert.Equal(11000, s));
        Assert.All(b.LastHeard, s => Assert.Equal(10100, s));
        Assert.All(c.LastHeard, s => Assert.Equal(1100, s));
    }

    [Fact]
    public void ThreePartyConferenceNeverFeedsAPartyItsOwnTone()
    {
        // Multiples of 50 Hz fall exactly on a 160-sample Goertzel bin.
        var a = FakePort.Sine("a", 400);
        var b = FakePort.Sine("b", 1000);
        var c = FakePort.Sine("c", 1800);
        _bridge.Conference(a, b, c);

        _clock.Advance(3);

        AssertHears(a, heard: [1000, 1800], notHeard: 400);
        AssertHears(b, heard: [400, 1800], notHeard: 1000);
        AssertHears(c, heard: [400, 1000], notHeard: 1800);
    }

    [Fact]
    public void PortWithNothingConnectedHearsSilenceOnEveryTick()
    {
        var lonely = FakePort.Constant("lonely", 500);
        _bridge.AddPort(lonely);

        _clock.Advance(5);

        Assert.Equal(5, lonely.Writes);
        Assert.All(lonely.LastHeard, s => Assert.Equal(0, s));
        Assert.Equal(0, lonely.Reads);
    }

    [Fact]
    public void HeldPartyHearsMusicAndIsNotMixedIntoTheOthers()
    {
        var caller = FakePort.Constant("caller", 1000);
        var agent = FakePort.Constant("agent", 2000);
        var supervisor = FakePort.Constant("supervisor", 4000);
        var music = FakePort.Constant("music", 300);
        _bridge.Conference(caller, agent, supervisor);
        _clock.Advance(2);

        _bridge.Hold(caller, music);
        _clock.Advance(2);

        Assert.All(caller.LastHeard, s => Assert.Equal(300, s));
        Assert.All(agent.LastHeard, s => Assert.Equal(4000, s));
        Assert.All(supervisor.LastHeard, s => Assert.Equal(2000, s));
        Assert.Equal(4, _bridge.PortCount);
    }

    [Fact]
    public void ResumeRestoresTheConversationAndDropsTheMusic()
    {
        var caller = FakePort.Constant("caller", 1000);
        var agent = FakePort.Constant("agent", 2000);
        var music = FakePort.Constant("music", 300);
        _bridge.Bridge(caller, agent);
        _bridge.Hold(caller, music);
        _clock.Advance(3);
        int musicReads = music.Reads;

        _bridge.Resume(caller);
        _clock.Advance(2);

        Assert.All(caller.LastHeard, s => Assert.Equal(2000, s));
        Assert.All(agent.LastHeard, s => Assert.Equal(1000, s));
        Assert.Equal(2, _bridge.PortCount);
        Assert.Equal(musicReads, music.Reads);
    }

    [Fact]
    public void HoldMusicFadesInRatherThanStartingAtFullLevel()
    {
        var caller = FakePort.Constant("caller", 0, keepHistory: true);
        var music = FakePort.Constant("music", 16000);
        _bridge.AddPort(caller);
        _clock.Advance(1);

        _bridge.Hold(caller, music);
        _clock.Advance(1);

        Assert.True(caller.LastHeard[0] <= 16000 / Frame + 1);
        Assert.Equal(16000, caller.LastHeard[Frame - 1]);
    }

    [Fact]
    public void TwoHeldPartiesShareOneMusicPortReadOncePerTick()
    {
        var first = FakePort.Constant("caller 1", 1000);
        var second = FakePort.Constant("caller 2", 2000);
        var music = FakePort.Constant("music", 300);
        _bridge.Hold(first, music);
        _bridge.Hold(second, music);

        _clock.Advance(4);

        Assert.Equal(4, music.Reads);
        Assert.All(first.LastHeard, s => Assert.Equal(300, s));
        Assert.All(second.LastHeard, s => Assert.Equal(300, s));

        _bridge.Resume(first);
        _clock.Advance(2);
        Assert.Equal(3, _bridge.PortCount);
        _bridge.Resume(second);
        _clock.Advance(2);
        Assert.Equal(2, _bridge.PortCount);
    }

    [Fact]
    public void HoldingAgainWithOtherMusicSwitchesTheMusic()
    {
        var caller = FakePort.Constant("caller", 1000);
        var classical = FakePort.Constant("classical", 300);
        var announcement = FakePort.Constant("announcement", 700);
        _bridge.Hold(caller, classical);
        _clock.Advance(2);

        _bridge.Hold(caller, announcement);
        _clock.Advance(2);

        Assert.All(caller.LastHeard, s => Assert.Equal(700, s));
        Assert.Equal(2, _bridge.PortCount);
    }

    [Fact]
    public async Task CommandsQueuedFromAnotherThreadWhileTickingNeverFaultTheClock()
    {
        var ports = Enumerable.Range(0, 6).Select(i => FakePort.Constant("p" + i, (short)(i * 100))).ToArray();
        var music = FakePort.Constant("music", 300);
        using var done = new ManualResetEventSlim();
        var ticker = Task.Run(() =>
        {
            while (!done.IsSet)
            {
                _clock.Advance(1);
            }
        });

        var random = new Random(12345);
        for (int i = 0; i < 5000; i++)
        {
            var a = ports[random.Next(ports.Length)];
            var b = ports[random.Next(ports.Length)];
            switch (random.Next(7))
            {
                case 0 when a != b: _bridge.Connect(a, b); break;
                case 1: _bridge.Disconnect(a, b); break;
                case 2: _bridge.Hold(a, music); break;
                case 3: _bridge.Resume(a); break;
                case 4: _bridge.Replace(a, b); break;
                case 5: _bridge.RemovePort(a); break;
                default: _bridge.Conference(a, b); break;
            }
        }

        done.Set();
        await ticker;
        _clock.Advance(2);

        Assert.Equal(0, _clock.Faults);
    }

    [Fact]
    public void ReplaceKeepsTheCallerConnectedOnTheSameTick()
    {
        var caller = FakePort.Constant("caller", 1000);
        var first = FakePort.Constant("agent 1001", 2000);
        var second = FakePort.Constant("agent 1002", 3000);
        _bridge.Bridge(caller, first);
        _clock.Advance(2);
        int firstReads = first.Reads;
        int firstWrites = first.Writes;

        _bridge.Replace(first, second);
        _clock.Advance(1);

        // One frame: the old agent fades out as the new one fades in; the caller never hears a gap.
        Assert.All(caller.LastHeard, s => Assert.InRange(s, 1900, 3000));
        Assert.Equal(3000, caller.LastHeard[Frame - 1]);
        Assert.All(second.LastHeard, s => Assert.Equal(1000, s));
        Assert.Equal(firstReads, first.Reads);
        Assert.Equal(firstWrites, first.Writes);

        _clock.Advance(1);
        Assert.All(caller.LastHeard, s => Assert.Equal(3000, s));
        Assert.Equal(2, _bridge.PortCount);
    }

    [Fact]
    public void ReplaceMovesHoldToTheNewPort()
    {
        var caller = FakePort.Constant("caller", 1000);
        var first = FakePort.Constant("agent 1001", 2000);
        var second = FakePort.Constant("agent 1002", 3000);
        var music = FakePort.Constant("music", 300);
        _bridge.Bridge(caller, first);
        _bridge.Hold(caller, music);
        _clock.Advance(2);

        _bridge.Replace(caller, second);
        _clock.Advance(2);

        Assert.All(second.LastHeard, s => Assert.Equal(300, s));
        Assert.All(first.LastHeard, s => Assert.Equal(0, s));

        _bridge.Resume(second);
        _clock.Advance(2);
        Assert.All(second.LastHeard, s => Assert.Equal(2000, s));
        Assert.All(first.LastHeard, s => Assert.Equal(3000, s));
    }

    [Fact]
    public void JoiningSourceRampsInWithoutAClick()
    {
        var listener = FakePort.Constant("listener", 0, keepHistory: true);
        var talker = FakePort.Constant("talker", 16000);
        _bridge.AddPort(listener);
        _clock.Advance(1);

        _bridge.Connect(talker, listener);
        _clock.Advance(2);

        var heard = listener.History;
        int maxStep = 16000 / Frame + 1;
        for (int i = 1; i < heard.Count; i++)
        {
            Assert.InRange(Math.Abs(heard[i] - heard[i - 1]), 0, maxStep);
        }

        Assert.Equal(16000, heard[^1]);
    }

    [Fact]
    public void LeavingSourceRampsOutOverOneFrameThenIsSilent()
    {
        var listener = FakePort.Constant("listener", 0, keepHistory: true);
        var talker = FakePort.Constant("talker", 16000);
        _bridge.Connect(talker, listener);
        _clock.Advance(2);

        _bridge.Disconnect(talker, listener);
        _clock.Advance(2);

        var heard = listener.History;
        for (int i = 1; i < heard.Count; i++)
        {
            Assert.InRange(Math.Abs(heard[i] - heard[i - 1]), 0, 16000 / Frame + 1);
        }

        Assert.All(listener.LastHeard, s => Assert.Equal(0, s));
        Assert.Equal(0, heard[(3 * Frame) - 1]);
    }

    [Fact]
    public void RemovedPortIsNotCalledAfterTheTickThatRemovesIt()
    {
        var caller = FakePort.Constant("caller", 1000);
        var agent = FakePort.Constant("agent", 2000);
        _bridge.Bridge(caller, agent);
        _clock.Advance(2);
        (int reads, int writes) = (agent.Reads, agent.Writes);

        _bridge.RemovePort(agent);
        _clock.Advance(3);

        Assert.Equal((reads, writes), (agent.Reads, agent.Writes));
        Assert.All(caller.LastHeard, s => Assert.Equal(0, s));
        Assert.Equal(1, _bridge.PortCount);
    }

    [Fact]
    public void TwoLoudTalkersClampAtFullScale()
    {
        var listener = FakePort.Constant("listener", 0);
        _bridge.Connect(FakePort.Constant("a", 30000), listener);
        _bridge.Connect(FakePort.Constant("b", 30000), listener);
        var negative = FakePort.Constant("negative listener", 0);
        _bridge.Connect(FakePort.Constant("c", -30000), negative);
        _bridge.Connect(FakePort.Constant("d", -30000), negative);

        _clock.Advance(2);

        Assert.All(listener.LastHeard, s => Assert.Equal(short.MaxValue, s));
        Assert.All(negative.LastHeard, s => Assert.Equal(short.MinValue, s));
    }

    [Fact]
    public void ThreeLoudTalkersBendTowardsFullScaleInsteadOfFlatteningAgainstIt()
    {
        var loud = FakePort.Constant("loud listener", 0);
        var louder = FakePort.Constant("louder listener", 0);
        for (int i = 0; i < 3; i++)
        {
            _bridge.Connect(FakePort.Constant("loud " + i, 15000), loud);
            _bridge.Connect(FakePort.Constant("louder " + i, 20000), louder);
        }

        _clock.Advance(2);

        Assert.InRange((int)loud.LastHeard[0], 24577, short.MaxValue - 1);
        Assert.InRange((int)louder.LastHeard[0], loud.LastHeard[0] + 1, short.MaxValue - 1);
    }

    [Fact]
    public void QuietThreePartyMixIsNotAltered()
    {
        var a = FakePort.Constant("a", 5000);
        var b = FakePort.Constant("b", 6000);
        var c = FakePort.Constant("c", 7000);
        var listener = FakePort.Constant("listener", 0);
        _bridge.Connect(a, listener);
        _bridge.Connect(b, listener);
        _bridge.Connect(c, listener);

        _clock.Advance(2);

        Assert.All(listener.LastHeard, s => Assert.Equal(18000, s));
    }

    [Fact]
    public void GainScalesAConnection()
    {
        var listener = FakePort.Constant("listener", 0);
        _bridge.Connect(FakePort.Constant("whisper", 10000), listener, gain: 0.5f);

        _clock.Advance(2);

        Assert.All(listener.LastHeard, s => Assert.Equal(5000, s));
    }

    [Fact]
    public void SourceWithoutAFrameThisTickContributesSilence()
    {
        var caller = FakePort.Constant("caller", 1000);
        var agent = FakePort.Constant("agent", 2000);
        _bridge.Bridge(caller, agent);
        _clock.Advance(2);

        agent.Silent = true;
        _clock.Advance(1);

        Assert.All(caller.LastHeard, s => Assert.Equal(0, s));
        Assert.All(agent.LastHeard, s => Assert.Equal(1000, s));
    }

    [Fact]
    public void ConnectingAPortToItselfIsRejected()
    {
        var port = FakePort.Constant("caller", 1);
        Assert.Throws<ArgumentException>(() => _bridge.Connect(port, port));
    }

    [Fact]
    public void ThousandTicksOfAThreePartyConferenceAllocateNothing()
    {
        var a = FakePort.Sine("a", 400);
        var b = FakePort.Sine("b", 1000);
        var c = FakePort.Sine("c", 1800);
        _bridge.Conference(a, b, c);
        _clock.Advance(10);

        long before = GC.GetAllocatedBytesForCurrentThread();
        _clock.Advance(1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void AssertHears(FakePort port, double[] heard, double notHeard)
    {
        foreach (double frequency in heard)
        {
            Assert.InRange(Goertzel.Amplitude(port.LastHeard, frequency), 7000, 9000);
        }

        Assert.InRange(Goertzel.Amplitude(port.LastHeard, notHeard), 0, 100);
    }
}
