using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Media;

/// <summary>A real softphone calls 12345 and records what it hears: the Mandarin welcome, whole and audible.</summary>
public sealed class WelcomePromptTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task CallerOf12345HearsTheWholeWelcomePrompt()
    {
        const string Test = nameof(CallerOf12345HearsTheWholeWelcomePrompt);
        await using var server = await ServerProcess.StartAsync(Test);
        await using var phone = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount("1007", "agent1007")], recordCalls: true);
        await phone.WaitForRegisteredAsync("1007", s_timeout);

        await phone.SendCommandAsync("dial", "12345");
        await phone.WaitForEventAsync("CALL_ESTABLISHED", s_timeout);
        await Task.Delay(TimeSpan.FromSeconds(9)); // the welcome lasts 6.5 s, then a pause and music
        await phone.SendCommandAsync("hangup");
        await phone.WaitForEventAsync("CALL_CLOSED", s_timeout);

        var heard = WavAnalysis.Load(MediaFiles.SingleDump(phone, "dec"));
        var prompt = WavAnalysis.Load(MediaFiles.Prompt("welcome"));
        var (offset, correlation) = heard.Locate(prompt);
        int heardFrames = heard.LoudSpanFrames(offset);
        int promptFrames = prompt.LoudSpanFrames(0);

        Assert.True(correlation > 0.8, $"the welcome's loudness envelope matches with r = {correlation:F2} at frame {offset}");
        Assert.InRange(heardFrames, promptFrames * 0.95, promptFrames * 1.05);
        Assert.True(heard.Rms(offset * 160, promptFrames * 160) > 500, "the welcome is not silent");
    }
}
