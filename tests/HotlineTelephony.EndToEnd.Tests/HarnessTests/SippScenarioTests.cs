using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.HarnessTests;

/// <summary>The shipped scenarios played against each other, so a scenario bug is not mistaken for a server bug.</summary>
public sealed class SippScenarioTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task UacCancelEndsTheCallAgainstUasRingAnswer()
    {
        const string Test = nameof(UacCancelEndsTheCallAgainstUasRingAnswer);
        await using var agent = SippRunner.Start(Test, new SippOptions { ScenarioFile = "uas_ring_answer.xml", Timeout = s_timeout });

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = "uac_cancel.xml",
            Remote = agent.LocalEndpoint,
            Service = "12345",
            Timeout = s_timeout,
        });
        var answered = await agent.WaitForExitAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.True(answered.AllCallsSucceeded, answered.ToString());
        Assert.Equal(1, caller.Statistics?.SuccessfulCalls);
        Assert.Equal(0, caller.Statistics?.FailedCalls);
    }

    [Fact]
    public async Task UasRingAnswerAnswersAndHangsUpWithTheBuiltInUac()
    {
        const string Test = nameof(UasRingAnswerAnswersAndHangsUpWithTheBuiltInUac);
        await using var agent = SippRunner.Start(Test, new SippOptions { ScenarioFile = "uas_ring_answer.xml", Timeout = s_timeout });

        var caller = await SippRunner.RunAsync(Test, new SippOptions
        {
            BuiltInScenario = "uac",
            Remote = agent.LocalEndpoint,
            Service = "12345",
            Timeout = s_timeout,
        });
        var answered = await agent.WaitForExitAsync();

        Assert.True(caller.AllCallsSucceeded, caller.ToString());
        Assert.True(answered.AllCallsSucceeded, answered.ToString());
        Assert.Equal(1, answered.Statistics?.SuccessfulCalls);
    }

    [Fact]
    public async Task UacRegisterAnswersTheDigestChallenge()
    {
        const string Test = nameof(UacRegisterAnswersTheDigestChallenge);
        await using var registrar = StartFakeRegistrar(Test);

        var phone = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = "uac_register.xml",
            Remote = registrar.LocalEndpoint,
            Service = "1001",
            AuthUser = "1001",
            AuthPassword = "agent1001",
            Timeout = s_timeout,
        });

        Assert.True(phone.AllCallsSucceeded, phone.ToString());
    }

    [Fact]
    public async Task UacRegisterReportsAFailedCallWhenThePasswordIsWrong()
    {
        const string Test = nameof(UacRegisterReportsAFailedCallWhenThePasswordIsWrong);
        await using var registrar = StartFakeRegistrar(Test);

        var phone = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = "uac_register.xml",
            Remote = registrar.LocalEndpoint,
            Service = "1001",
            AuthUser = "1001",
            AuthPassword = "wrong",
            Timeout = s_timeout,
        });

        Assert.Equal(1, phone.ExitCode);
        Assert.Equal(1, phone.Statistics?.FailedCalls);
        Assert.Equal(1, phone.Statistics?.FailedUnexpectedMessages);
        Assert.Contains("403", phone.ErrorLog, StringComparison.Ordinal);
    }

    internal static SippProcess StartFakeRegistrar(string test) =>
        SippRunner.Start(test, new SippOptions
        {
            ScenarioFile = "harness_registrar.xml",
            Keys = new Dictionary<string, string> { ["username"] = "1001", ["password"] = "agent1001" },
            Timeout = s_timeout,
        });
}
