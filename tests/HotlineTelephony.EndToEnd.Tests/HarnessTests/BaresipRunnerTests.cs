using System.Net;
using System.Net.Sockets;
using System.Text;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.HarnessTests;

/// <summary>baresip driven by the harness against stand-ins, so the runner is known to work before the server can register anyone.</summary>
public sealed class BaresipRunnerTests
{
    [Fact]
    public async Task BaresipSendsRegisterAndIsStoppedWhenNobodyAnswers()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, FreePorts.Next()));
        int port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;
        await using var phone = await BaresipRunner.StartAsync(
            nameof(BaresipSendsRegisterAndIsStoppedWhenNobodyAnswers), $"127.0.0.1:{port}", [new BaresipAccount("1001", "agent1001")]);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var datagram = await silent.ReceiveAsync(wait.Token);
        // baresip's quit waits for the REGISTER transaction still retransmitting (up to 32 s), so QuitAsync kills it.
        await phone.QuitAsync(TimeSpan.FromSeconds(2));

        Assert.StartsWith("REGISTER sip:127.0.0.1:", Encoding.UTF8.GetString(datagram.Buffer), StringComparison.Ordinal);
        Assert.True(phone.HasExited);
    }

    [Fact]
    public async Task BaresipRegistersThroughADigestChallenge()
    {
        const string Test = nameof(BaresipRegistersThroughADigestChallenge);
        await using var registrar = SippScenarioTests.StartFakeRegistrar(Test);
        await using var phone = await BaresipRunner.StartAsync(Test, registrar.LocalEndpoint, [new BaresipAccount("1001", "agent1001")]);

        string registered = await phone.WaitForRegisteredAsync("1001", TimeSpan.FromSeconds(10));
        string info = await phone.SendCommandAsync("reginfo");
        var registrarResult = await registrar.WaitForExitAsync();

        Assert.Contains("200 OK", registered, StringComparison.Ordinal);
        Assert.Contains("sip:1001@", info, StringComparison.Ordinal);
        Assert.Contains("OK", info, StringComparison.Ordinal);
        Assert.True(registrarResult.AllCallsSucceeded, registrarResult.ToString());
    }

    [Fact]
    public async Task BaresipReportsTheStatusWhenRegistrationIsRefused()
    {
        const string Test = nameof(BaresipReportsTheStatusWhenRegistrationIsRefused);
        await using var registrar = SippScenarioTests.StartFakeRegistrar(Test);
        await using var phone = await BaresipRunner.StartAsync(Test, registrar.LocalEndpoint, [new BaresipAccount("1001", "not-the-password")]);

        int status = await phone.WaitForRegistrationFailureAsync("1001", TimeSpan.FromSeconds(10));

        Assert.Equal(403, status);
    }
}
