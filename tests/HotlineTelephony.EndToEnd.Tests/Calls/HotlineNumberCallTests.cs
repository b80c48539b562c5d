using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Calls;

/// <summary>
/// Calls to the 12345 service number from the trusted local trunk, driven by SIPp's built-in uac scenario
/// (INVITE with SDP, 100/180 optional, 200, ACK, BYE, 200): the server answers every call itself.
/// </summary>
public sealed class HotlineNumberCallTests
{
    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task ThousandCallsAtHundredPerSecondToTheServiceNumberAllSucceed(string transport)
    {
        string test = nameof(ThousandCallsAtHundredPerSecondToTheServiceNumberAllSucceed) + "_" + transport;
        await using var server = await ServerProcess.StartAsync(test, QuietLogs);

        var caller = await SippRunner.RunAsync(test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = server.SipEndpoint,
            Service = "12345",
            Calls = 1000,
            CallRate = 100,
            Transport = transport,
            TraceMessages = false,
            Timeout = TimeSpan.FromSeconds(90),
        });

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Equal(1000, caller.Statistics?.SuccessfulCalls);
        Assert.Equal(0, caller.Statistics?.FailedCalls);
        Assert.Equal(0, caller.Statistics?.FailedUnexpectedMessages);
    }

    /// <param name="number">12345 is the dialplan's service number (the call centre answers); 12399 is only in
    /// Hotline:ServiceNumbers, answered with the welcome and music without a queue.</param>
    [Theory]
    [InlineData("12345")]
    [InlineData("12399")]
    public async Task AnsweredCallCarriesAnSdpAnswerWithTheOfferedCodec(string number)
    {
        const string Test = nameof(AnsweredCallCarriesAnSdpAnswerWithTheOfferedCodec);
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string> { ["Hotline:ServiceNumbers:1"] = "12399" });

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = server.SipEndpoint,
            Service = number,
            TraceMessages = true,
        });

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        string trace = caller.ReadMessageTrace();
        int ok = trace.IndexOf("SIP/2.0 200 OK", StringComparison.Ordinal);
        Assert.True(ok >= 0, trace);
        string answer = trace[ok..];
        Assert.Contains("Content-Type: application/sdp", answer, StringComparison.Ordinal);
        Assert.Contains("m=audio ", answer, StringComparison.Ordinal);
        Assert.Contains("RTP/AVP 0", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:0 PCMU/8000", answer, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 127.0.0.1", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferWithoutACommonCodecGets488()
    {
        const string Test = nameof(OfferWithoutACommonCodecGets488);
        await using var server = await ServerProcess.StartAsync(Test);

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = "uac_g729_only.xml",
            Remote = server.SipEndpoint,
            Service = "12345",
        });

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.Contains("SIP/2.0 488 Not Acceptable Here", caller.ReadMessageTrace(), StringComparison.Ordinal);
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task UnknownNumberFromATrunkGets404()
    {
        const string Test = nameof(UnknownNumberFromATrunkGets404);
        await using var server = await ServerProcess.StartAsync(Test);

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = server.SipEndpoint,
            Service = "99999",
        });

        Assert.Equal(1, caller.Statistics?.FailedCalls);
        Assert.Contains("SIP/2.0 404", caller.ErrorLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerFromAnUntrustedAddressIsChallenged()
    {
        const string Test = nameof(CallerFromAnUntrustedAddressIsChallenged);
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string>
        {
            // Replace the shipped 127.0.0.1 trunk with one elsewhere: the local SIPp is then an ordinary caller.
            ["Trunks:0:Address"] = "192.0.2.1",
        });

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = server.SipEndpoint,
            Service = "12345",
        });

        Assert.Equal(1, caller.Statistics?.FailedCalls);
        Assert.Contains("SIP/2.0 407 Proxy Authentication Required", caller.ErrorLog, StringComparison.Ordinal);
        Assert.Contains("Proxy-Authenticate: Digest realm=\"hotline.local\"", caller.ErrorLog, StringComparison.Ordinal);
    }

    internal static readonly IReadOnlyDictionary<string, string> QuietLogs = new Dictionary<string, string>
    {
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };
}
