using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Media;

/// <summary>Every call is recorded; a recording must stay playable even when the server dies mid-call.</summary>
public sealed class RecordingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RecordingSurvivesKillDashNineOfTheServerMidCall()
    {
        const string Test = nameof(RecordingSurvivesKillDashNineOfTheServerMidCall);
        string folder = Path.Combine(Path.GetTempPath(), "ht-rec-" + Guid.NewGuid().ToString("N")[..8]);
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string> { ["Media:Recording:Folder"] = folder });
        await using var phone = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount("1008", "agent1008")]);
        await phone.WaitForRegisteredAsync("1008", s_timeout);

        await phone.SendCommandAsync("dial", "12345");
        await phone.WaitForEventAsync("CALL_ESTABLISHED", s_timeout);
        await Task.Delay(TimeSpan.FromSeconds(4)); // well past the recorder's 1 s flush interval
        server.KillHard();

        var files = Directory.GetFiles(folder, "*.wav", SearchOption.AllDirectories);
        var recording = WavAnalysis.Load(Assert.Single(files));
        Assert.Equal(2, recording.Channels);
        Assert.InRange(recording.Duration.TotalSeconds, 2.0, 6.0);

        // Right channel: what the caller heard (the welcome); left: the caller's 440 Hz tone.
        var heard = WavAnalysis.Load(files[0], channel: 1);
        var said = WavAnalysis.Load(files[0], channel: 0);
        Assert.True(heard.Rms() > 300, $"the welcome is in the recording (RMS {heard.Rms():F0})");
        Assert.True(said.ToneShare(440) > 0.5, $"the caller's tone is in the recording (share {said.ToneShare(440):F2})");
    }
}
