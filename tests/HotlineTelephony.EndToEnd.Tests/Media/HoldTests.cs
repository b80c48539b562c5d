using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Media;

/// <summary>
/// An agent puts a bridged caller on hold and resumes: the hold re-INVITE gets the RFC 3264 §6.1 answer and the
/// held caller hears music instead of the agent, then the agent again.
/// </summary>
public sealed class HoldTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task HeldCallerHearsMusicAndTheAgentAgainAfterResume()
    {
        const string Test = nameof(HeldCallerHearsMusicAndTheAgentAgainAfterResume);
        string trace = Path.Combine(Path.GetTempPath(), $"ht-trace-{Guid.NewGuid():N}.log");
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string> { ["Sip:TraceFile"] = trace });
        await using var agent = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount("1002", "agent1002", AutoAnswer: true)], toneHz: 1000);
        await using var caller = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount("1001", "agent1001")], toneHz: 440, recordCalls: true);
        await agent.WaitForRegisteredAsync("1002", s_timeout);
        await caller.WaitForRegisteredAsync("1001", s_timeout);

        await caller.SendCommandAsync("dial", "1002");
        await caller.WaitForEventAsync("CALL_ESTABLISHED", s_timeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await agent.SendCommandAsync("hold");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await agent.SendCommandAsync("resume");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await caller.SendCommandAsync("hangup");
        await caller.WaitForEventAsync("CALL_CLOSED", s_timeout);

        // The server's answer to the agent's hold offer (sendonly) is recvonly.
        await Task.Delay(TimeSpan.FromSeconds(1));
        string wire = File.ReadAllText(trace);
        Assert.Contains("a=sendonly", wire, StringComparison.Ordinal);
        Assert.Contains("a=recvonly", wire, StringComparison.Ordinal);

        var heard = WavAnalysis.Load(MediaFiles.SingleDump(caller, "dec"));
        var before = Slice(heard, 0.5, 1.8);
        var held = Slice(heard, 2.8, 4.6);
        var after = Slice(heard, 5.8, 6.8);
        Assert.True(before.ToneShare(1000) > 0.5, $"before hold the caller hears the agent: share {before.ToneShare(1000):F2}");
        Assert.True(held.ToneShare(1000) < 0.1 && held.Rms() > 200, $"on hold the caller hears music: agent share {held.ToneShare(1000):F2}, RMS {held.Rms():F0}");
        Assert.True(after.ToneShare(1000) > 0.5, $"after resume the caller hears the agent again: share {after.ToneShare(1000):F2}");
    }

    private static WavAnalysis Slice(WavAnalysis wav, double fromSeconds, double toSeconds) =>
        wav.Slice((int)(fromSeconds * wav.SampleRate), (int)(toSeconds * wav.SampleRate));
}
