using System.Text.RegularExpressions;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Media;

/// <summary>
/// Two softphones bridged through the server, each sending its own tone: each must hear the other's tone and not
/// its own, with the server delivering at least 95 % of the packets, for like and unlike codecs.
/// </summary>
public sealed partial class BridgedAudioTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("PCMU", "PCMU")]
    [InlineData("PCMU", "PCMA")]
    public async Task BridgedPartiesEachHearTheOthersTone(string callerCodec, string agentCodec)
    {
        string test = $"{nameof(BridgedPartiesEachHearTheOthersTone)}_{callerCodec}_{agentCodec}";
        await using var server = await ServerProcess.StartAsync(test);
        await using var agent = await BaresipRunner.StartAsync(
            test, server.SipEndpoint, [new BaresipAccount("1002", "agent1002", AutoAnswer: true, AudioCodecs: agentCodec)], toneHz: 1000, recordCalls: true);
        await using var caller = await BaresipRunner.StartAsync(
            test, server.SipEndpoint, [new BaresipAccount("1001", "agent1001", AudioCodecs: callerCodec)], toneHz: 440, recordCalls: true);
        await agent.WaitForRegisteredAsync("1002", s_timeout);
        await caller.WaitForRegisteredAsync("1001", s_timeout);

        await caller.SendCommandAsync("dial", "1002");
        await caller.WaitForEventAsync("CALL_ESTABLISHED", s_timeout);
        await Task.Delay(TimeSpan.FromSeconds(4));
        await caller.SendCommandAsync("hangup");
        await caller.WaitForEventAsync("CALL_CLOSED", s_timeout);
        await agent.WaitForEventAsync("CALL_CLOSED", s_timeout);

        var callerHeard = WavAnalysis.Load(MediaFiles.SingleDump(caller, "dec"));
        var agentHeard = WavAnalysis.Load(MediaFiles.SingleDump(agent, "dec"));
        Assert.True(callerHeard.ToneShare(1000) > 0.5, $"caller hears the agent's 1000 Hz: share {callerHeard.ToneShare(1000):F2}");
        Assert.True(callerHeard.ToneShare(440) < 0.1, $"caller does not hear itself: share {callerHeard.ToneShare(440):F2}");
        Assert.True(agentHeard.ToneShare(440) > 0.5, $"agent hears the caller's 440 Hz: share {agentHeard.ToneShare(440):F2}");
        Assert.True(agentHeard.ToneShare(1000) < 0.1, $"agent does not hear itself: share {agentHeard.ToneShare(1000):F2}");

        // The call record: each leg's codec and the share of packets that reached the server.
        string record = await server.WaitForOutputAsync("leg agent 1002", s_timeout);
        Assert.Contains($"leg agent 1002 {agentCodec}", record, StringComparison.Ordinal);
        await server.WaitForOutputAsync("leg caller", s_timeout);
        foreach (Match leg in LegLine().Matches(string.Join("\n", server.Output.Lines)))
        {
            double loss = double.Parse(leg.Groups["loss"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(loss < 5, $"{leg.Value}: loss {loss} %");
            Assert.True(long.Parse(leg.Groups["packets"].Value, System.Globalization.CultureInfo.InvariantCulture) > 150, leg.Value);
        }
    }

    [GeneratedRegex(@"leg (?<leg>[^:]+?) PCM[UA]: received (?<packets>\d+) packets, loss (?<loss>[\d.]+) %")]
    private static partial Regex LegLine();
}
