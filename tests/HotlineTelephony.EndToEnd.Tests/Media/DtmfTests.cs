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

    [GeneratedRegex(@"DTMF (?<digit>[0-9*#A-D]) from caller via (?<source>\w+)")]
    private static partial Regex DigitLine();
}
