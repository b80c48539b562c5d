using System.Text.RegularExpressions;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Media;

/// <summary>Digits a caller presses reach the server as one event per key press, in order, whichever way they travel.</summary>
public sealed partial class DtmfTests
{
    [Fact]
    public async Task Rfc4733DigitsFromSippAreDetectedOnceEachInOrder()
    {
        const string Test = nameof(Rfc4733DigitsFromSippAreDetectedOnceEachInOrder);
        await using var server = await ServerProcess.StartAsync(Test);

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = "uac_dtmf_rfc4733.xml",
            Remote = server.SipEndpoint,
            Service = "12345",
            MediaPort = FreePorts.Next(neighbours: 1),
            Timeout = TimeSpan.FromSeconds(30),
        });
        await server.WaitForOutputAsync("leg caller", TimeSpan.FromSeconds(10));

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        var digits = DigitLine().Matches(string.Join("\n", server.Output.Lines)).Select(m => m.Groups["digit"].Value + "/" + m.Groups["source"].Value);
        Assert.Equal(["1/Rfc4733", "2/Rfc4733", "3/Rfc4733", "#/Rfc4733"], digits);
    }

    [Fact]
    public async Task DigitsFromBaresipAreDetectedOnceEachInOrder()
    {
        const string Test = nameof(DigitsFromBaresipAreDetectedOnceEachInOrder);
        var timeout = TimeSpan.FromSeconds(15);
        await using var server = await ServerProcess.StartAsync(Test);
        await using var phone = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount("1009", "agent1009")]);
        await phone.WaitForRegisteredAsync("1009", timeout);

        await phone.SendCommandAsync("dial", "12345");
        await phone.WaitForEventAsync("CALL_ESTABLISHED", timeout);
        foreach (char key in "159#")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            await phone.SendCommandAsync("sndcode", key.ToString());
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await phone.SendCommandAsync("hangup");
        await server.WaitForOutputAsync("leg caller", timeout);

        var digits = DigitLine().Matches(string.Join("\n", server.Output.Lines)).Select(m => m.Groups["digit"].Value);
        Assert.Equal(["1", "5", "9", "#"], digits);
    }

    [GeneratedRegex(@"DTMF (?<digit>[0-9*#A-D]) from caller via (?<source>\w+)")]
    private static partial Regex DigitLine();
}
