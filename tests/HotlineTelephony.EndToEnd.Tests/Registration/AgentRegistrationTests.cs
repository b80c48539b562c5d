using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Registration;

/// <summary>A real softphone (baresip) registers as an agent extension through the digest challenge.</summary>
public sealed class AgentRegistrationTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task BaresipRegistersAsAnAgentExtensionWithDigestAuthentication()
    {
        const string Test = nameof(BaresipRegistersAsAnAgentExtensionWithDigestAuthentication);
        await using var server = await ServerProcess.StartAsync(Test);
        await using var phone = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount("1004", "agent1004")]);

        string registered = await phone.WaitForRegisteredAsync("1004", s_timeout);

        Assert.Contains("200 OK", registered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BaresipWithAWrongPasswordIsRefusedWith403()
    {
        const string Test = nameof(BaresipWithAWrongPasswordIsRefusedWith403);
        await using var server = await ServerProcess.StartAsync(Test);
        await using var phone = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount("1005", "not-the-password")]);

        int status = await phone.WaitForRegistrationFailureAsync("1005", s_timeout);

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task BaresipRegisteredExtensionReceivesACallFromTheTrunk()
    {
        const string Test = nameof(BaresipRegisteredExtensionReceivesACallFromTheTrunk);
        await using var server = await ServerProcess.StartAsync(Test);
        await using var phone = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount("1006", "agent1006", AutoAnswer: true)]);
        await phone.WaitForRegisteredAsync("1006", s_timeout);

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = server.SipEndpoint,
            Service = "1006",
            Timeout = TimeSpan.FromSeconds(30),
        });

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        await phone.WaitForEventAsync("CALL_ESTABLISHED", s_timeout);
    }
}
