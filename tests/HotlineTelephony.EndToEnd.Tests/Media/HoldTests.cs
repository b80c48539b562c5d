using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Media;

/// <summary>
/// One side of a bridged call puts the other on hold and resumes: the hold re-INVITE gets the RFC 3264 §6.1 answer
/// and the held side hears music instead of the holder, then the holder again.
/// </summary>
public sealed class HoldTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HeldPartyHearsMusicAndTheHolderAgainAfterResume(bool agentHolds)
    {
        string test = nameof(HeldPartyHearsMusicAndTheHolderAgainAfterResume) + (agentHolds ? "_AgentHolds" : "_CallerHolds");
        string trace = Path.Combine(Path.GetTempPath(), $"ht-trace-{Guid.NewGuid():N}.log");
        await using var server = await ServerProcess.StartAsync(test, new Dictionary<string, string> { ["Sip:TraceFile"] = trace });
        await using var agent = await BaresipRunner.StartAsync(test, server.SipEndpoint, [new BaresipAccount("1002", "agent1002", AutoAnswer: true)], toneHz: 1000, recordCalls: true);
        await using var caller = await BaresipRunner.StartAsync(test, server.SipEndpoint, [new BaresipAccount("1001", "agent1001")], toneHz: 440, recordCalls: true);
        var holder = agentHolds ? agent : caller;
        var held = agentHolds ? caller : agent;
        int holderTone = agentHolds ? 1000 : 440;
        await agent.WaitForRegisteredAsync("1002", s_timeout);
        await caller.WaitForRegisteredAsync("1001", s_timeout);

        await caller.SendCommandAsync("dial", "1002");
        await caller.WaitForEventAsync("CALL_ESTABLISHED", s_timeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await holder.SendCommandAsync("hold");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await holder.SendCommandAsync("resume");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await caller.SendCommandAsync("hangup");
        await caller.WaitForEventAsync("CALL_CLOSED", s_timeout);

        // The server's answer to the holder's offer (sendonly) is recvonly.
        await Task.Delay(TimeSpan.FromSeconds(1));
        string wire = File.ReadAllText(trace);
        Assert.Contains("a=sendonly", wire, StringComparison.Ordinal);
        Assert.Contains("a=recvonly", wire, StringComparison.Ordinal);

        var heard = WavAnalysis.Load(MediaFiles.SingleDump(held, "dec"));
        var before = Slice(heard, 0.5, 1.8);
        var onHold = Slice(heard, 2.8, 4.6);
        var after = Slice(heard, 5.8, 6.8);
        Assert.True(before.ToneShare(holderTone) > 0.5, $"before hold the held side hears the holder: share {before.ToneShare(holderTone):F2}");
        Assert.True(onHold.ToneShare(holderTone) < 0.1 && onHold.Rms() > 200, $"on hold it hears music: holder share {onHold.ToneShare(holderTone):F2}, RMS {onHold.Rms():F0}");
        Assert.True(after.ToneShare(holderTone) > 0.5, $"after resume it hears the holder again: share {after.ToneShare(holderTone):F2}");
    }

    private static WavAnalysis Slice(WavAnalysis wav, double fromSeconds, double toSeconds) =>
        wav.Slice((int)(fromSeconds * wav.SampleRate), (int)(toSeconds * wav.SampleRate));
}
